import { readFileSync } from "node:fs";

export type Instruction = { keyword: string; args: string };
export type Stage = { image: string; name?: string; instructions: Instruction[] };

/**
 * The project's Dockerfile as its stages and instructions (continuation lines joined, comments and
 * the parser directive dropped): enough to check it against the build without a Docker engine.
 */
export function readDockerfile(path = "Dockerfile"): Stage[] {
  const lines = readFileSync(path, "utf8")
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"));
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, keyword, args] = /^(\S+)\s+(.*)$/.exec(line) ?? [];
    if (!keyword || args === undefined) throw new Error(`Dockerfile: cannot read "${line}"`);
    const instruction = { keyword: keyword.toUpperCase(), args: args.replace(/\s+/g, " ") };
    if (instruction.keyword === "FROM") {
      const [, image, name] = /^(\S+)(?: AS (\S+))?$/i.exec(instruction.args) ?? [];
      stages.push({ image: image!, name, instructions: [] });
    } else if (stages.length > 0) {
      stages.at(-1)!.instructions.push(instruction);
    }
  }
  return stages;
}

/** The arguments of each of a stage's instructions with this keyword. */
export function argsOf(stage: Stage, keyword: string): string[] {
  return stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);
}
