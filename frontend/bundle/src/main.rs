//! Builds the portal for serving, into `frontend/dist`:
//!
//! 1. compiles the frontend to wasm, keeping its relocations;
//! 2. splits it at the `#[wasm_split]` pages (`wasm_split_cli_support`, as
//!    cargo-leptos does), so a visitor downloads a page's code the first time
//!    the page is shown, not on the first load;
//! 3. runs wasm-bindgen on the main module, wasm-opt on every module, and
//!    esbuild on the JS and the CSS;
//! 4. writes them to `dist/pkg-<hash of their bytes>/` with an `index.html`
//!    that loads them: a new build gets new URLs, so browsers may keep them
//!    for good, as `dist/_headers` tells Cloudflare to say.
//!
//! Trunk cannot do step 2: it runs wasm-bindgen straight after cargo.
//! Run by `make frontend`; the tools come from PATH, or `WASM_BINDGEN_BIN`,
//! `WASM_OPT_BIN` and `ESBUILD_BIN` as for worker-build.

mod error;
mod page;
mod tools;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use sha2::{Digest, Sha256};

use error::{BundleError, Result};

/// The frontend's binary, and the stem of wasm-bindgen's output.
const APP: &str = "tessera-frontend";
/// The JS module the main wasm imports the chunk loaders from.
const SPLIT_LOADER: &str = "__wasm_split.js";

fn main() -> ExitCode {
    match bundle() {
        Ok(dir) => {
            println!("bundle: the portal is in {}", dir.display());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("bundle: {error}");
            ExitCode::FAILURE
        }
    }
}

fn bundle() -> Result<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let root = root
        .canonicalize()
        .map_err(|source| BundleError::io(&root, source))?;
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let work = target.join("bundle");
    let split_dir = work.join("split");
    let pkg = work.join("pkg");
    for dir in [&split_dir, &pkg] {
        recreate(dir)?;
    }

    tools::compile_frontend(&root, APP)?;
    let wasm = target.join(format!("wasm32-unknown-unknown/release/{APP}.wasm"));
    let main_module = split_dir.join("main.wasm");
    let chunks = split(&wasm, &split_dir, &main_module)?;

    tools::wasm_bindgen(&main_module, &pkg, APP)?;
    for file in chunks.iter().chain([&split_dir.join(SPLIT_LOADER)]) {
        copy(file, &pkg.join(file_name(file)))?;
    }
    for file in files_in(&pkg)? {
        match file.extension().and_then(|ext| ext.to_str()) {
            Some("wasm") => tools::wasm_opt(&file)?,
            Some("js") => tools::minify(&file, &file)?,
            _ => {}
        }
    }
    tools::minify(&root.join("frontend/style.css"), &pkg.join("style.css"))?;
    let boot = pkg.join(page::BOOT);
    fs::write(&boot, page::boot_js(APP)).map_err(|source| BundleError::io(&boot, source))?;

    publish(&pkg, &root.join("frontend"))
}

/// Splits `wasm` at its split points: the main module to `main_module`, the
/// chunks and their JS loader to `dir`. Returns the chunks.
fn split(wasm: &Path, dir: &Path, main_module: &Path) -> Result<Vec<PathBuf>> {
    let input = read(wasm)?;
    let mut options = wasm_split_cli_support::Options::new(&input);
    options.output_dir = dir;
    options.main_out_path = main_module;
    options.link_name = "./__wasm_split.js";
    // The loader imports `initSync` from wasm-bindgen's JS, beside it.
    let bindgen_js = format!("./{APP}.js");
    options.main_module = &bindgen_js;
    let split = wasm_split_cli_support::transform(options)
        .map_err(|report| BundleError::Split(format!("{report:#}")))?;
    Ok(split.split_modules)
}

/// Copies the built files to `frontend/dist/pkg-<hash>/` and writes
/// `frontend/dist/index.html` for them, with `_headers` and `robots.txt`.
/// Returns the new folder.
fn publish(pkg: &Path, frontend: &Path) -> Result<PathBuf> {
    let mut files = files_in(pkg)?;
    files.sort();
    let mut hash = Sha256::new();
    for file in &files {
        hash.update(file_name(file).as_bytes());
        hash.update(read(file)?);
    }
    let folder = format!(
        "pkg-{}",
        hash.finalize()[..8]
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect::<String>()
    );

    let dist = frontend.join("dist");
    recreate(&dist)?;
    let published = dist.join(&folder);
    fs::create_dir(&published).map_err(|source| BundleError::io(&published, source))?;
    for file in &files {
        copy(file, &published.join(file_name(file)))?;
    }
    let template = fs::read_to_string(frontend.join("index.html"))
        .map_err(|source| BundleError::io(&frontend.join("index.html"), source))?;
    let index = page::index_html(&template, &format!("/{folder}"), APP)?;
    let index_path = dist.join("index.html");
    fs::write(&index_path, index).map_err(|source| BundleError::io(&index_path, source))?;
    for (name, content) in [("_headers", page::HEADERS), ("robots.txt", page::ROBOTS)] {
        let path = dist.join(name);
        fs::write(&path, content).map_err(|source| BundleError::io(&path, source))?;
    }
    Ok(published)
}

fn recreate(dir: &Path) -> Result<()> {
    if dir.exists() {
        fs::remove_dir_all(dir).map_err(|source| BundleError::io(dir, source))?;
    }
    fs::create_dir_all(dir).map_err(|source| BundleError::io(dir, source))
}

fn files_in(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = fs::read_dir(dir).map_err(|source| BundleError::io(dir, source))?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry.map_err(|source| BundleError::io(dir, source))?.path();
        if path.is_file() {
            files.push(path);
        }
    }
    Ok(files)
}

fn read(file: &Path) -> Result<Vec<u8>> {
    fs::read(file).map_err(|source| BundleError::io(file, source))
}

fn copy(from: &Path, to: &Path) -> Result<()> {
    fs::copy(from, to)
        .map(drop)
        .map_err(|source| BundleError::io(from, source))
}

fn file_name(file: &Path) -> String {
    file.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}
