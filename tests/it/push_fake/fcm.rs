//! The fake fcm (filled in by its owner).
