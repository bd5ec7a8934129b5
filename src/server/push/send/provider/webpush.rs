//! webpush (filled in by its owner).
