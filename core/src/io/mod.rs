//! Reading and writing: JSON documents and importers of official data files.

pub mod document;
