//! C ABI of bildungsnetz (filled by the C ABI issue).
