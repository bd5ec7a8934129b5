//! `centri push`: the device and topic commands of the push registry, and sending (`send`,
//! `status`, `cancel`, `sends`). Clap types and the value parsers of their flags only: no I/O.

use std::time::Duration;

use clap::{Args, Subcommand};

use super::{parse_duration, parse_kv};
use crate::proto::push::send::RateLimitPolicy;

/// `centri push` groups.
#[derive(Debug, Subcommand)]
pub enum PushCmd {
    /// Devices: register, list, show, update, remove.
    #[command(
        subcommand,
        after_help = "\
Examples:
  centri push device register --provider apns --platform ios --token T --user 42 --topic news
  centri push device register --provider webpush --platform web --token @subscription.json
  centri push device ls --user 42 --limit 0
  centri push device show 0190f3a2-7c4e-7d1a-9b3e-2f6a8c1d4e5f
  centri push device update --user 42 --topics news,sport
  centri push device rm 0190f3a2-7c4e-7d1a-9b3e-2f6a8c1d4e5f -y"
    )]
    Device(PushDeviceCmd),
    /// Topics of one device or one user (a user's topics reach all of the user's devices).
    #[command(
        subcommand,
        after_help = "\
Examples:
  centri push topic ls --user 42
  centri push topic add --device 0190f3a2-7c4e-7d1a-9b3e-2f6a8c1d4e5f breaking
  centri push topic rm --user 42 sport"
    )]
    Topic(PushTopicCmd),
    /// Send a push notification to devices (by user, topic, id) or to provider tokens and
    /// topics: prints the send's uid.
    #[command(after_help = SEND_HELP)]
    Send(Box<PushSendArgs>),
    /// What a send came to: its state, progress, per-provider counts and errors by reason.
    /// Exit 5 when there is no such send.
    #[command(after_help = "\
-o json prints the server's status document; --watch -o ndjson prints one status per line, each
time it changes, until the send ends.

Examples:
  centri push status 0190f3a2-7c4e-7d1a-9b3e-2f6a8c1d4e5f
  centri push status $UID --watch
  centri push status $UID --watch --interval 5s -o ndjson")]
    Status {
        /// The send's uid (what `centri push send` printed).
        uid: String,
        /// Refresh until the send ends (done, cancelled or expired) or Ctrl-C.
        #[arg(long, short = 'w')]
        watch: bool,
        /// How often --watch asks the server.
        #[arg(long, value_parser = parse_duration, default_value = "1s", value_name = "INTERVAL")]
        interval: Duration,
    },
    /// Cancel a send that has not ended: what is not sent yet is not sent. Exit 5 when there
    /// is no such send or it has ended.
    #[command(after_help = "Example:\n  centri push cancel 0190f3a2-7c4e-7d1a-9b3e-2f6a8c1d4e5f")]
    Cancel {
        /// The send's uid.
        uid: String,
    },
    /// The latest sends, newest first.
    #[command(after_help = "\
Examples:
  centri push sends
  centri push sends --limit 100 -o ndjson | jq -r 'select(.state == \"sending\") | .uid'")]
    Sends {
        /// Sends to list at most (the server keeps up to 1000).
        #[arg(long, short = 'l', default_value_t = 20, value_parser = clap::value_parser!(u16).range(1..=1000))]
        limit: u16,
    },
}

const SEND_HELP: &str = "\
Recipient (one form): a device filter (--user, --topic, --device, --all; narrowed by --provider
and --platform; kinds combine with AND, values of one kind with OR), or provider tokens
(--fcm-token, --hms-token, --apns-token), or a provider topic or condition.

Message: --title, --body and --data make each provider's message (FCM and HMS notification +
data, the APNs alert + custom keys, a Web Push JSON payload). --fcm, --hms, --apns, --webpush
take a provider's native message instead (JSON, @FILE or -), and win for that provider:
  --fcm/--hms   the provider's Message (or {\"message\": ...})
  --apns        the payload (with \"aps\"), or {\"headers\": {...}, \"payload\": {...}}
  --webpush     the payload, or {\"payload\": ..., \"ttl\": 60, \"urgency\": \"high\", \"topic\": ...}

Prints the uid (bare, so UID=$(centri push send ...) works; -o json prints {\"uid\": ...}).
--wait follows the send to its end with a progress bar and exits 9 if any recipient failed or
was dropped, 3 if it was cancelled or --wait-timeout passed.

Examples:
  centri push send --user 42 --title 'Hi' --body 'You have mail' --data thread=7
  centri push send --topic news --provider fcm --platform android --title 'Breaking' --wait
  centri push send --fcm-token T1 --fcm-token T2 --fcm @message.json
  centri push send --all --provider apns --apns '{\"aps\":{\"badge\":0}}' -y
  centri push send --topic digest --title 'Digest' --send-at +2h --expire-in 6h
  centri push send --topic promo --body 'Sale' --between 09:00-21:00 --rate-limit 1/1d
  centri push send --user 42 --title '{{.greeting}}' --template --l10n de:greeting=Hallo
  centri push send --user 42 --title Hi --dry-run";

/// When to send: `--send-at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendAt {
    /// Unix seconds.
    At(i64),
    /// This long from now (`+10m`).
    In(Duration),
}

/// Parses `--send-at`: RFC 3339 (`2026-12-24T18:00:00+02:00`), unix seconds, or `+DURATION`.
pub fn parse_send_at(s: &str) -> Result<SendAt, String> {
    let s = s.trim();
    if let Some(d) = s.strip_prefix('+') {
        return humantime::parse_duration(d)
            .map(SendAt::In)
            .map_err(|e| format!("{e} (use e.g. +10m, +1h30m)"));
    }
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return s
            .parse()
            .map(SendAt::At)
            .map_err(|_| format!("{s:?}: too large for unix seconds"));
    }
    time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
        .map(|t| SendAt::At(t.unix_timestamp()))
        .map_err(|e| {
            format!(
                "{s:?}: {e}: use RFC 3339 (2026-12-24T18:00:00Z, 2026-12-24T18:00:00+02:00), \
                 unix seconds, or +DURATION (+10m)"
            )
        })
}

/// One `--l10n LANG:key=value`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct L10n {
    pub lang: String,
    pub key: String,
    pub value: String,
}

/// Parses `LANG:key=value` (the value may hold `:` and `=`).
pub fn parse_l10n(s: &str) -> Result<L10n, String> {
    let bad = || format!("expected LANG:KEY=VALUE (e.g. de:greeting=Hallo), got {s:?}");
    let (lang, rest) = s.split_once(':').ok_or_else(bad)?;
    let (key, value) = rest.split_once('=').ok_or_else(bad)?;
    if lang.trim().is_empty() || key.trim().is_empty() {
        return Err(bad());
    }
    Ok(L10n {
        lang: lang.trim().to_string(),
        key: key.trim().to_string(),
        value: value.to_string(),
    })
}

/// Parses `RATE/INTERVAL` (`1/1m`, `10/1h`; `5/s` reads as `5/1s`).
pub fn parse_rate_limit(s: &str) -> Result<RateLimitPolicy, String> {
    let (rate, interval) = s
        .split_once('/')
        .ok_or_else(|| format!("expected RATE/INTERVAL (e.g. 1/1m), got {s:?}"))?;
    let rate: u32 = rate
        .trim()
        .parse()
        .map_err(|_| format!("{s:?}: the rate must be a whole number"))?;
    if rate == 0 {
        return Err(format!("{s:?}: the rate must be at least 1"));
    }
    let interval = interval.trim();
    let interval = if interval.starts_with(|c: char| c.is_ascii_digit()) {
        interval.to_string()
    } else {
        format!("1{interval}")
    };
    let d = humantime::parse_duration(&interval).map_err(|e| format!("{s:?}: {e}"))?;
    let interval_ms = u64::try_from(d.as_millis()).map_err(|_| format!("{s:?}: too long"))?;
    if interval_ms == 0 {
        return Err(format!("{s:?}: the interval must be at least 1ms"));
    }
    Ok(RateLimitPolicy { rate, interval_ms })
}

/// A local time of day, `HH:MM[:SS]`, as `HH:MM:SS`.
fn time_of_day(s: &str) -> Option<String> {
    let parts: Vec<&str> = s.trim().split(':').collect();
    if !(2..=3).contains(&parts.len())
        || parts
            .iter()
            .any(|p| p.len() != 2 || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let n: Vec<u32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
    let (h, m, sec) = (n[0], n[1], n.get(2).copied().unwrap_or(0));
    (h < 24 && m < 60 && sec < 60).then(|| format!("{h:02}:{m:02}:{sec:02}"))
}

/// Parses `--between HH:MM[:SS]-HH:MM[:SS]`: (send after, send before), as `HH:MM:SS`.
pub fn parse_between(s: &str) -> Result<(String, String), String> {
    let bad = || {
        format!(
            "expected HH:MM:SS-HH:MM:SS in the device's local time (e.g. 09:00-21:00), got {s:?}"
        )
    };
    let (a, b) = s.split_once('-').ok_or_else(bad)?;
    let (a, b) = (
        time_of_day(a).ok_or_else(bad)?,
        time_of_day(b).ok_or_else(bad)?,
    );
    if a == b {
        return Err(format!("{s:?}: an empty window"));
    }
    Ok((a, b))
}

/// `centri push send`.
#[derive(Debug, Clone, Default, Args)]
pub struct PushSendArgs {
    /// Devices of this user (repeat for several).
    #[arg(long, short = 'u', value_name = "USER", help_heading = "Recipient")]
    pub user: Vec<String>,
    /// Devices subscribed to this topic (repeat for several).
    #[arg(long, value_name = "TOPIC", help_heading = "Recipient")]
    pub topic: Vec<String>,
    /// This device, by the id the server gave it (repeat for several).
    #[arg(long, value_name = "ID", help_heading = "Recipient")]
    pub device: Vec<String>,
    /// Every device (narrowed by --provider and --platform). Asks first, unless -y.
    #[arg(long, conflicts_with_all = ["user", "topic", "device"], help_heading = "Recipient")]
    pub all: bool,
    /// Only devices of this provider (repeat for several).
    #[arg(long, value_parser = PROVIDERS, help_heading = "Recipient")]
    pub provider: Vec<String>,
    /// Only devices on this platform (repeat for several).
    #[arg(long, value_parser = PLATFORMS, help_heading = "Recipient")]
    pub platform: Vec<String>,
    /// An FCM registration token (repeat for several).
    #[arg(long, value_name = "TOKEN", help_heading = "Recipient")]
    pub fcm_token: Vec<String>,
    /// An HMS token (repeat for several).
    #[arg(long, value_name = "TOKEN", help_heading = "Recipient")]
    pub hms_token: Vec<String>,
    /// An APNs device token (repeat for several).
    #[arg(long, value_name = "TOKEN", help_heading = "Recipient")]
    pub apns_token: Vec<String>,
    /// An FCM topic.
    #[arg(long, value_name = "TOPIC", help_heading = "Recipient")]
    pub fcm_topic: Option<String>,
    /// An FCM condition, e.g. "'news' in topics && 'eu' in topics".
    #[arg(long, value_name = "CONDITION", help_heading = "Recipient")]
    pub fcm_condition: Option<String>,
    /// An HMS topic.
    #[arg(long, value_name = "TOPIC", help_heading = "Recipient")]
    pub hms_topic: Option<String>,
    /// An HMS condition.
    #[arg(long, value_name = "CONDITION", help_heading = "Recipient")]
    pub hms_condition: Option<String>,

    /// The notification's title.
    #[arg(long, help_heading = "Message")]
    pub title: Option<String>,
    /// The notification's body.
    #[arg(long, help_heading = "Message")]
    pub body: Option<String>,
    /// A data entry, KEY=VALUE (repeat for several): FCM and HMS data, APNs custom keys, the
    /// Web Push payload's data.
    #[arg(long, value_name = "KEY=VALUE", value_parser = parse_kv, help_heading = "Message")]
    pub data: Vec<(String, String)>,
    /// FCM's native Message (JSON, @FILE or -).
    #[arg(long, value_name = "JSON|@FILE|-", help_heading = "Message")]
    pub fcm: Option<String>,
    /// HMS's native Message (JSON, @FILE or -).
    #[arg(long, value_name = "JSON|@FILE|-", help_heading = "Message")]
    pub hms: Option<String>,
    /// The APNs payload, or {"headers", "payload"} (JSON, @FILE or -).
    #[arg(long, value_name = "JSON|@FILE|-", help_heading = "Message")]
    pub apns: Option<String>,
    /// The Web Push payload, or {"payload", "ttl", "urgency", "topic"} (JSON, @FILE or -).
    #[arg(long, value_name = "JSON|@FILE|-", help_heading = "Message")]
    pub webpush: Option<String>,

    /// The send's id (a second send with a known uid queues nothing). Default: the server
    /// makes one.
    #[arg(long, help_heading = "Delivery")]
    pub uid: Option<String>,
    /// Send later: RFC 3339 (2026-12-24T18:00:00+02:00), unix seconds, or +DURATION (+10m).
    #[arg(long, value_parser = parse_send_at, value_name = "TIME|+DURATION", help_heading = "Delivery")]
    pub send_at: Option<SendAt>,
    /// Give up on what is not sent this long after the send starts (--send-at, else now).
    #[arg(long, value_parser = parse_duration, value_name = "DURATION", help_heading = "Delivery")]
    pub expire_in: Option<Duration>,
    /// The id `update_push_status` reports use (default: the uid).
    #[arg(long, value_name = "UID", help_heading = "Delivery")]
    pub analytics_uid: Option<String>,
    /// Render the messages as templates (`use_templating`).
    #[arg(long, help_heading = "Delivery")]
    pub template: bool,
    /// Give templates each device's meta (`use_meta`).
    #[arg(long, help_heading = "Delivery")]
    pub meta: bool,
    /// Record progress more often and wait out a queue outage instead of sending again
    /// (`optimize_for_reliability`).
    #[arg(long, help_heading = "Delivery")]
    pub reliable: bool,
    /// A translation for templates, LANG:KEY=VALUE (repeat for several).
    #[arg(long, value_parser = parse_l10n, value_name = "LANG:KEY=VALUE", help_heading = "Delivery")]
    pub l10n: Vec<L10n>,
    /// At most RATE pushes per INTERVAL per device (or per --rate-limit-key), e.g. 1/1m
    /// (repeat for several policies).
    #[arg(long, value_parser = parse_rate_limit, value_name = "RATE/INTERVAL", help_heading = "Delivery")]
    pub rate_limit: Vec<RateLimitPolicy>,
    /// What the rate limit counts by, e.g. '{{.device.user}}' (default: the device).
    #[arg(
        long,
        requires = "rate_limit",
        value_name = "KEY",
        help_heading = "Delivery"
    )]
    pub rate_limit_key: Option<String>,
    /// Drop a push the rate limit holds back, instead of sending it later.
    #[arg(long, requires = "rate_limit", help_heading = "Delivery")]
    pub drop_if_rate_limited: bool,
    /// Send only in this window of each device's local time, HH:MM:SS-HH:MM:SS.
    #[arg(long, value_parser = parse_between, value_name = "FROM-TO", help_heading = "Delivery")]
    pub between: Option<(String, String)>,
    /// With --between: send now to devices without a time zone (default: drop them).
    #[arg(long, requires = "between", help_heading = "Delivery")]
    pub no_tz_send_now: bool,

    /// Print the request JSON and send nothing.
    #[arg(long, conflicts_with = "wait")]
    pub dry_run: bool,
    /// Follow the send to its end with a progress bar; exit 9 if any recipient failed or was
    /// dropped, 3 if it was cancelled.
    #[arg(long)]
    pub wait: bool,
    /// How often --wait asks the server.
    #[arg(long, value_parser = parse_duration, default_value = "1s", value_name = "INTERVAL")]
    pub interval: Duration,
    /// Stop waiting after this long (exit 3; the send goes on).
    #[arg(long, requires = "wait", value_parser = parse_duration, value_name = "DURATION")]
    pub wait_timeout: Option<Duration>,
}

/// A free-form value whose known values help and completions offer. The server is the
/// authority (a newer one may know more), so any value goes out and a bad one comes back as
/// its 107 bad request, naming the field.
#[derive(Debug, Clone, Copy)]
pub struct Known(pub &'static [&'static str]);

impl clap::builder::TypedValueParser for Known {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(
            self.0.iter().map(|v| clap::builder::PossibleValue::new(*v)),
        ))
    }
}

const PROVIDERS: Known = Known(crate::proto::push::PROVIDERS);
const PLATFORMS: Known = Known(crate::proto::push::PLATFORMS);

#[derive(Debug, Subcommand)]
pub enum PushDeviceCmd {
    /// Register a device (or update the one with the same provider and token, or --id):
    /// prints its id. The call states the whole device: what is left out is reset.
    #[command(after_help = "\
Prints the bare id on a terminal and when piped, so ID=$(centri push device register ...) works;
-o json prints {\"id\": ...}.

Examples:
  centri push device register --provider fcm --platform android --token T --user 42
  centri push device register --provider apns --platform ios --token T --topic news --meta app=2.1
  centri push device register --provider webpush --platform web --token @subscription.json
  centri push device register --provider hms --platform android --token T --id ID --locale en-US")]
    Register {
        /// The push provider.
        #[arg(long, value_parser = PROVIDERS)]
        provider: String,
        /// The device's platform.
        #[arg(long, value_parser = PLATFORMS)]
        platform: String,
        /// The provider token; for webpush the browser's `PushSubscription` JSON. `@FILE` reads
        /// a file, `-` stdin.
        #[arg(long, value_name = "TOKEN|@FILE|-")]
        token: String,
        /// The user the device belongs to.
        #[arg(long, short = 'u')]
        user: Option<String>,
        /// A topic of the device's own (repeat for several).
        #[arg(long, value_name = "TOPIC")]
        topic: Vec<String>,
        /// Device meta, KEY=VALUE (repeat for several).
        #[arg(long, value_name = "KEY=VALUE", value_parser = parse_kv)]
        meta: Vec<(String, String)>,
        /// IANA time zone, e.g. Europe/Nicosia.
        #[arg(long, value_name = "TZ")]
        timezone: Option<String>,
        /// BCP 47 language tag, e.g. en-US.
        #[arg(long)]
        locale: Option<String>,
        /// Update this device (an id the server gave) instead of finding it by its token.
        #[arg(long)]
        id: Option<String>,
    },
    /// Devices, following the server's pages up to --limit. Filters of one kind match any of
    /// their values; filters of different kinds must all match.
    #[command(after_help = "\
Tables show tokens masked; -o json and -o ndjson show them whole.

Examples:
  centri push device ls
  centri push device ls --user 42 --user 43
  centri push device ls --provider fcm --platform android --topic news --limit 0
  centri push device ls --provider apns --count
  centri push device ls -o ndjson --limit 0 | jq -r .id")]
    Ls {
        /// Devices of this user (repeat for several).
        #[arg(long, short = 'u')]
        user: Vec<String>,
        /// Devices subscribed to this topic (repeat for several).
        #[arg(long)]
        topic: Vec<String>,
        /// Devices of this provider (repeat for several).
        #[arg(long, value_parser = PROVIDERS)]
        provider: Vec<String>,
        /// Devices on this platform (repeat for several).
        #[arg(long, value_parser = PLATFORMS)]
        platform: Vec<String>,
        /// This device (repeat for several).
        #[arg(long)]
        id: Vec<String>,
        /// Devices to print at most; 0 prints all.
        #[arg(long, short = 'l', default_value_t = 100)]
        limit: usize,
        /// Print only how many devices match.
        #[arg(long)]
        count: bool,
    },
    /// One device with its topics and meta; exit 5 when there is none.
    #[command(
        after_help = "Example:\n  centri push device show 0190f3a2-7c4e-7d1a-9b3e-2f6a8c1d4e5f"
    )]
    Show { id: String },
    /// Change devices selected by --id and/or --user: their user, meta, topics, time zone,
    /// locale.
    #[command(after_help = "\
Examples:
  centri push device update --id ID --set-user 43
  centri push device update --user 42 --topics news,sport       sets them; '' clears them
  centri push device update --id ID --meta app=2.2 --meta build=17  replaces the meta
  centri push device update --user 42 --timezone Asia/Nicosia --locale el")]
    Update {
        /// Select this device (repeat for several).
        #[arg(long)]
        id: Vec<String>,
        /// Select this user's devices (repeat for several).
        #[arg(long, short = 'u')]
        user: Vec<String>,
        /// Give the devices to this user.
        #[arg(long, value_name = "USER")]
        set_user: Option<String>,
        /// Replace the devices' meta with these KEY=VALUE pairs (repeat for several).
        #[arg(long, value_name = "KEY=VALUE", value_parser = parse_kv)]
        meta: Vec<(String, String)>,
        /// Set the devices' own topics (comma-separated; '' clears them).
        #[arg(long, value_delimiter = ',', value_name = "TOPIC,...")]
        topics: Option<Vec<String>>,
        /// Set the IANA time zone.
        #[arg(long, value_name = "TZ")]
        timezone: Option<String>,
        /// Set the BCP 47 language tag.
        #[arg(long)]
        locale: Option<String>,
    },
    /// Remove devices (and their topics) by id, or all of a user's. Asks first.
    #[command(after_help = "\
Examples:
  centri push device rm 0190f3a2-7c4e-7d1a-9b3e-2f6a8c1d4e5f
  centri push device rm --user 42 -y",
        group(clap::ArgGroup::new("which").required(true).args(["ids", "user"]))
    )]
    Rm {
        /// Device ids.
        #[arg(value_name = "ID", conflicts_with = "user")]
        ids: Vec<String>,
        /// Every device of this user (repeat for several).
        #[arg(long, short = 'u')]
        user: Vec<String>,
    },
}

/// Whose topics: one device's or one user's.
#[derive(Debug, Clone, Args)]
#[group(required = true, multiple = false)]
pub struct TopicOwner {
    /// A device's topics (its own and those its user's topics gave it).
    #[arg(long, value_name = "ID")]
    pub device: Option<String>,
    /// A user's topics (they reach all of the user's devices, and the ones registered later).
    #[arg(long, short = 'u', value_name = "USER")]
    pub user: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum PushTopicCmd {
    /// The topics of a device or a user, following the server's pages up to --limit.
    #[command(after_help = "\
Examples:
  centri push topic ls --user 42
  centri push topic ls --device 0190f3a2-7c4e-7d1a-9b3e-2f6a8c1d4e5f -o json")]
    Ls {
        #[command(flatten)]
        owner: TopicOwner,
        /// Topics to print at most; 0 prints all.
        #[arg(long, short = 'l', default_value_t = 100)]
        limit: usize,
    },
    /// Add topics to a device or a user.
    #[command(after_help = "\
Examples:
  centri push topic add --user 42 news sport
  centri push topic add --device 0190f3a2-7c4e-7d1a-9b3e-2f6a8c1d4e5f breaking")]
    Add {
        #[command(flatten)]
        owner: TopicOwner,
        #[arg(required = true, value_name = "TOPIC")]
        topics: Vec<String>,
    },
    /// Remove topics from a device or a user.
    #[command(after_help = "\
Examples:
  centri push topic rm --user 42 sport
  centri push topic rm --device 0190f3a2-7c4e-7d1a-9b3e-2f6a8c1d4e5f breaking")]
    Rm {
        #[command(flatten)]
        owner: TopicOwner,
        #[arg(required = true, value_name = "TOPIC")]
        topics: Vec<String>,
    },
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn send_at_takes_rfc_3339_unix_seconds_or_a_delay() {
        assert_eq!(
            parse_send_at("2030-01-01T00:00:00Z"),
            Ok(SendAt::At(1_893_456_000))
        );
        assert_eq!(
            parse_send_at("2029-12-31T19:00:00-05:00"),
            Ok(SendAt::At(1_893_456_000))
        );
        assert_eq!(parse_send_at("1893456000"), Ok(SendAt::At(1_893_456_000)));
        assert_eq!(
            parse_send_at("+1h30m"),
            Ok(SendAt::In(Duration::from_secs(5400)))
        );
        for bad in [
            "",
            "+",
            "2030-01-01",
            "2030-01-01T00:00:00",
            "soon",
            "99999999999999999999",
        ] {
            assert!(parse_send_at(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn l10n_splits_at_the_first_colon_and_equals() {
        assert_eq!(
            parse_l10n("pt-BR:k=a:b=c").unwrap(),
            L10n {
                lang: "pt-BR".into(),
                key: "k".into(),
                value: "a:b=c".into()
            }
        );
        assert_eq!(parse_l10n("de:k=").unwrap().value, "");
        for bad in ["de", "de:k", ":k=v", "de:=v", "k=v"] {
            assert!(parse_l10n(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn rate_limits_are_rate_per_interval() {
        let p = |s: &str| parse_rate_limit(s).map(|p| (p.rate, p.interval_ms));
        assert_eq!(p("1/1m"), Ok((1, 60_000)));
        assert_eq!(p("5/s"), Ok((5, 1000)));
        assert_eq!(p(" 10 / 2h "), Ok((10, 7_200_000)));
        assert_eq!(p("3/250ms"), Ok((3, 250)));
        for bad in ["1", "0/1m", "-1/1m", "x/1m", "1/", "1/0s", "1/x"] {
            assert!(p(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn windows_are_two_times_of_day() {
        assert_eq!(
            parse_between("09:00-21:30:15"),
            Ok(("09:00:00".into(), "21:30:15".into()))
        );
        assert_eq!(
            parse_between("22:00:00-06:00:00"),
            Ok(("22:00:00".into(), "06:00:00".into()))
        );
        for bad in [
            "9-17",
            "09:00",
            "24:00-06:00",
            "09:60-10:00",
            "09:00-10:00:60",
            "9:00-10:00",
            "10:00-10:00",
        ] {
            assert!(parse_between(bad).is_err(), "{bad:?}");
        }
    }
}
