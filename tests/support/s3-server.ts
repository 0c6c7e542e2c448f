import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
// A maintained fork of s3rver: a real S3 API (signatures, presigned URLs, CORS, response headers) over a folder.
import S3rver from "@20minutes/s3rver";
import { freePort } from "@/scripts/lib/ports";

export const S3_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } as const;

/** The bucket CORS the README recommends: the app's origin may PUT uploads and GET downloads. */
export function corsXml(origins: string[]): string {
  return `<CORSConfiguration><CORSRule>${origins.map((o) => `<AllowedOrigin>${o}</AllowedOrigin>`).join("")}
    <AllowedMethod>PUT</AllowedMethod><AllowedMethod>GET</AllowedMethod>
    <AllowedHeader>content-type</AllowedHeader><ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule></CORSConfiguration>`;
}

/** A real S3-compatible server on a free port with one bucket, its objects in a temporary folder. */
export async function startS3Server(bucket = "messenger-files", origins = ["*"]) {
  const port = await freePort();
  const directory = mkdtempSync(join(tmpdir(), "messenger-s3-"));
  const server = new S3rver({
    port,
    address: "127.0.0.1",
    silent: true,
    directory,
    configureBuckets: [{ name: bucket, configs: [corsXml(origins)] }],
  });
  await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    config: { driver: "s3" as const, bucket, region: "us-east-1", endpoint, forcePathStyle: true, ...S3_CREDENTIALS },
    env: {
      S3_BUCKET: bucket,
      S3_ENDPOINT: endpoint,
      S3_ACCESS_KEY_ID: S3_CREDENTIALS.accessKeyId,
      S3_SECRET_ACCESS_KEY: S3_CREDENTIALS.secretAccessKey,
      S3_FORCE_PATH_STYLE: "true",
    },
    async stop() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
