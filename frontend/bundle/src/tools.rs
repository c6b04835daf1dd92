//! The programs the bundle is built with: cargo, wasm-bindgen, wasm-opt and
//! esbuild, each found like worker-build finds them (an `*_BIN` variable,
//! else PATH).

use std::ffi::OsStr;
use std::path::Path;
use std::process::{Command, ExitStatus};

use crate::error::{BundleError, Result};

/// Builds the frontend's release wasm. `--emit-relocs` keeps the linker's
/// relocations, which the split reads to move functions and data between
/// modules; only this link gets it, so no dependency is rebuilt for it.
pub fn compile_frontend(root: &Path, app: &str) -> Result<()> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    run(Command::new(cargo).current_dir(root).args([
        "rustc",
        "--release",
        "--target=wasm32-unknown-unknown",
        "--package",
        app,
        "--bin",
        app,
        "--",
        "-Clink-arg=--emit-relocs",
    ]))
}

/// wasm-bindgen for the browser (`--target web`). `--keep-lld-exports` keeps
/// the exports the chunks link against (the function table, the split's
/// shared functions).
pub fn wasm_bindgen(main_module: &Path, out_dir: &Path, name: &str) -> Result<()> {
    run(tool("WASM_BINDGEN_BIN", "wasm-bindgen")
        .args(["--target=web", "--keep-lld-exports", "--no-typescript"])
        .arg(format!("--out-name={name}"))
        .arg(arg("--out-dir=", out_dir))
        .arg(main_module))
}

/// Optimises `wasm` for size, in place. The chunks carry no feature section,
/// so the features rustc uses are named.
pub fn wasm_opt(wasm: &Path) -> Result<()> {
    let mut wasm_opt = tool("WASM_OPT_BIN", "wasm-opt");
    wasm_opt
        .args([
            "-Oz",
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
        ])
        .arg(wasm)
        .arg("-o")
        .arg(wasm);
    let output = wasm_opt.output();
    if let Ok(output) = &output {
        // The split's chunks keep a names subsection binaryen does not know
        // and warns about, once per chunk; wasm-opt drops it with the names.
        for line in String::from_utf8_lossy(&output.stderr).lines() {
            if !line.contains("unknown name subsection") {
                eprintln!("{line}");
            }
        }
    }
    checked(&wasm_opt, output.map(|output| output.status))
}

/// Minifies a JS module or a style sheet from `source` into `output`.
pub fn minify(source: &Path, output: &Path) -> Result<()> {
    let mut esbuild = tool("ESBUILD_BIN", "esbuild");
    esbuild
        .arg(source)
        .args(["--minify", "--allow-overwrite", "--log-level=warning"])
        .arg(arg("--outfile=", output));
    if source.extension() == Some(OsStr::new("js")) {
        // wasm-bindgen names the chunk loaders' module once per import, all
        // the same module object: the repeated key is harmless.
        esbuild.args(["--format=esm", "--log-override:duplicate-object-key=silent"]);
    }
    run(&mut esbuild)
}

fn tool(variable: &str, name: &str) -> Command {
    Command::new(std::env::var_os(variable).unwrap_or_else(|| name.into()))
}

fn arg(flag: &str, path: &Path) -> std::ffi::OsString {
    let mut arg = std::ffi::OsString::from(flag);
    arg.push(path);
    arg
}

fn run(command: &mut Command) -> Result<()> {
    let status = command.status();
    checked(command, status)
}

/// How `command` ended, as the bundler's error when it did not succeed.
fn checked(command: &Command, status: std::io::Result<ExitStatus>) -> Result<()> {
    let tool = command.get_program().to_string_lossy().into_owned();
    match status {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => Err(BundleError::ToolFailed { tool, status }),
        Err(source) => Err(BundleError::ToolMissing { tool, source }),
    }
}
