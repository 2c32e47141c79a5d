//! `bangfu.toml`: which one a run reads (the one named, else the first inside an input
//! folder, else the one beside a period folder — one configuration for every period of a
//! folder kept period by period) and its bytes; [`crate::config`] parses them.

use std::path::{Path, PathBuf};

use super::periods::period_of;
use crate::config::{config_error, ConfigFile};
use crate::error::Error;

/// The configuration file of a run, if there is one.
pub fn find(named: Option<&Path>, inputs: &[PathBuf]) -> Option<PathBuf> {
    named.map(Path::to_path_buf).or_else(|| in_folders(inputs))
}

fn in_folders(inputs: &[PathBuf]) -> Option<PathBuf> {
    let inside = inputs.iter().filter(|p| p.is_dir()).map(|p| p.join("bangfu.toml"));
    let beside = inputs.iter().filter(|p| period_of(p).is_some()).filter_map(|p| Some(p.parent()?.join("bangfu.toml")));
    inside.chain(beside).find(|p| p.is_file())
}

/// Reads and checks a configuration file; the defaults without one.
pub fn read(path: Option<&Path>) -> Result<ConfigFile, Error> {
    match path {
        Some(path) => {
            let bytes = std::fs::read(path).map_err(|e| config_error(path, e.to_string()))?;
            ConfigFile::parse(bytes, path)
        }
        None => Ok(ConfigFile::default()),
    }
}
