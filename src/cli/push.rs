//! `centri push`: the device and topic commands of the push registry (clap types only).

use clap::{Args, Subcommand};

use super::parse_kv;

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
