//! The fake webpush (filled in by its owner).
