import "server-only";
import type { Readable } from "node:stream";
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import type { FilesConfig } from "@/lib/env";
import { contentDisposition, type FileStore, type Presentation, type PresignedUpload, type Validity } from "./files";

type S3Config = Extract<FilesConfig["storage"], { driver: "s3" }>;

const missing = (error: unknown) =>
  error instanceof S3ServiceException && (error.$metadata.httpStatusCode === 404 || error.name === "NoSuchKey" || error.name === "NotFound");

/**
 * An S3-compatible bucket (AWS S3, Cloudflare R2, MinIO). The bucket stays private: the browser
 * PUTs uploads with a presigned URL and GETs downloads with a short-lived signed one whose response
 * headers (type, disposition) the app chose.
 */
export class S3Store implements FileStore {
  readonly driver = "s3" as const;
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(config: S3Config) {
    this.bucket = config.bucket;
    this.client = new S3Client({
      region: config.region,
      endpoint: config.endpoint,
      forcePathStyle: config.forcePathStyle,
      credentials: config.accessKeyId && config.secretAccessKey ? { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey } : undefined,
      // Checksums the SDK would add by default are headers a browser's presigned PUT cannot send.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
  }

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: bytes, ContentType: contentType }));
  }

  async get(key: string): Promise<{ body: Readable; size: number } | null> {
    try {
      const result = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return { body: result.Body as Readable, size: Number(result.ContentLength ?? 0) };
    } catch (error) {
      if (missing(error)) return null;
      throw error;
    }
  }

  async readStart(key: string, count: number): Promise<Uint8Array | null> {
    try {
      const result = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: `bytes=0-${count - 1}` }));
      const bytes = await result.Body!.transformToByteArray();
      return bytes.subarray(0, count);
    } catch (error) {
      if (missing(error) || (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 416)) return null;
      throw error;
    }
  }

  async size(key: string): Promise<number | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return Number(head.ContentLength ?? 0);
    } catch (error) {
      if (missing(error)) return null;
      throw error;
    }
  }

  async delete(keys: string[]): Promise<void> {
    // One key a request, a few at a time: DeleteObjects needs a checksum header that not every
    // S3-compatible server accepts, and deleting a missing key is no error for any of them.
    for (let i = 0; i < keys.length; i += 8) {
      await Promise.all(keys.slice(i, i + 8).map((Key) => this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key }))));
    }
  }

  async presignUpload(key: string, size: number, expiresInSeconds: number): Promise<PresignedUpload> {
    // The length is signed: the store refuses a body of any other size.
    const command = new PutObjectCommand({ Bucket: this.bucket, Key: key, ContentLength: size, ContentType: "application/octet-stream" });
    const url = await getSignedUrl(this.client, command, { expiresIn: expiresInSeconds, signableHeaders: new Set(["content-type"]) });
    return { url, method: "PUT", headers: { "content-type": "application/octet-stream" } };
  }

  async presignDownload(key: string, presentation: Presentation, validity: Validity): Promise<string> {
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ResponseContentType: presentation.contentType,
      ResponseContentDisposition: contentDisposition(presentation),
      ResponseCacheControl: "private, max-age=600, immutable",
    });
    return getSignedUrl(this.client, command, { expiresIn: validity.seconds, signingDate: new Date(validity.from) });
  }
}
