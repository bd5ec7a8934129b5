//! Redis queue (next).
