//! The bundler's one error type: what failed, and on which file or tool.

use std::path::{Path, PathBuf};
use std::process::ExitStatus;

pub type Result<T> = std::result::Result<T, BundleError>;

#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("could not start {tool} (is it installed? `make setup` installs it): {source}")]
    ToolMissing {
        tool: String,
        source: std::io::Error,
    },
    #[error("{tool} failed ({status})")]
    ToolFailed { tool: String, status: ExitStatus },
    #[error("splitting the wasm failed: {0}")]
    Split(String),
    #[error("frontend/index.html has no `{0}` line to put the scripts in")]
    NoMarker(&'static str),
}

impl BundleError {
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Self::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}
