// Trunk's post_build hook: minifies wasm-bindgen's JS loader with esbuild
// (Trunk's own JS minifier cannot parse it and leaves it as it is) and puts
// the new file's hash in index.html's integrity attributes. Release builds
// only, like Trunk's `minify = "on_release"`.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { transformSync } from "esbuild";

if (process.env.TRUNK_PROFILE === "release") {
  const stage = process.env.TRUNK_STAGING_DIR;
  const integrity = (bytes) =>
    `sha384-${createHash("sha384").update(bytes).digest("base64")}`;
  const htmlFile = join(stage, "index.html");
  let html = readFileSync(htmlFile, "utf8");
  for (const name of readdirSync(stage).filter((name) => name.endsWith(".js"))) {
    const file = join(stage, name);
    const source = readFileSync(file, "utf8");
    const { code } = transformSync(source, { minify: true, format: "esm" });
    const before = integrity(source);
    if (!html.includes(before)) {
      throw new Error(`index.html has no ${before} for ${name}: was the integrity type changed?`);
    }
    html = html.replaceAll(before, integrity(code));
    writeFileSync(file, code);
  }
  writeFileSync(htmlFile, html);
}
