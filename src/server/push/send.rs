//! Push notifications, part 2: sending. `send_push_notification`, `cancel_push` and
//! `update_push_status` queue pushes, workers expand their recipients, and [`provider`]
//! delivers each one over the provider's own wire protocol.
//!
//! Owns everything between an accepted send and a provider's answer. Imports `proto`,
//! `config` and the registry ([`super::store`]); never the node or sessions.

pub mod limit;
pub mod provider;
pub mod template;
