//! Reading and writing: JSON documents and importers of official data files.

pub mod directory;
pub mod document;
