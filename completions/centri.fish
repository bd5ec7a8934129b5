# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_centri_global_optspecs
    string join \n C/context= s/server= api-key= admin-key= hmac-secret= o/output= timeout= color= no-input y/yes q/quiet v/verbose h/help V/version
end

function __fish_centri_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_centri_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_centri_using_subcommand
    set -l cmd (__fish_centri_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c centri -n "__fish_centri_needs_command" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_needs_command" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_needs_command" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_needs_command" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_needs_command" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_needs_command" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_needs_command" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_needs_command" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_needs_command" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_needs_command" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_needs_command" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_needs_command" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_needs_command" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_needs_command" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_needs_command" -f -a "serve" -d 'Run the bundled Centrifugo-compatible server'
complete -c centri -n "__fish_centri_needs_command" -f -a "dash" -d 'Live terminal dashboard: nodes and rates, channels, connections, a live trace, rate limits (editable), user status, permission explain and push devices, over the same API as the CLI'
complete -c centri -n "__fish_centri_needs_command" -f -a "pub" -d 'Publish into a channel through the server API'
complete -c centri -n "__fish_centri_needs_command" -f -a "broadcast" -d 'Publish the same data into several channels'
complete -c centri -n "__fish_centri_needs_command" -f -a "channel" -d 'Channels: list, presence, stats, history, history removal, resolution'
complete -c centri -n "__fish_centri_needs_command" -f -a "user" -d 'Users: status (online, active, away), touch, forget, disconnect'
complete -c centri -n "__fish_centri_needs_command" -f -a "map" -d 'Map channels (keyed state): read the state and the stream of changes, set and remove keys, count them, clear them'
complete -c centri -n "__fish_centri_needs_command" -f -a "sub" -d 'Subscribe as a real WebSocket client (protocol v2) and print what arrives'
complete -c centri -n "__fish_centri_needs_command" -f -a "trace" -d 'Live trace of everything that touches a user or a channel'
complete -c centri -n "__fish_centri_needs_command" -f -a "conn" -d 'Connections: list, inspect, disconnect'
complete -c centri -n "__fish_centri_needs_command" -f -a "node" -d 'Nodes: list with their numbers, health'
complete -c centri -n "__fish_centri_needs_command" -f -a "api" -d 'Call any server API method with a raw JSON body'
complete -c centri -n "__fish_centri_needs_command" -f -a "ratelimit" -d 'Operation rate limits: view, edit live, dry-run, history, offline simulation'
complete -c centri -n "__fish_centri_needs_command" -f -a "rl" -d 'Operation rate limits: view, edit live, dry-run, history, offline simulation'
complete -c centri -n "__fish_centri_needs_command" -f -a "push" -d 'Push notification registry (Centrifugo PRO\'s device and topic API): devices and the topics of devices and users'
complete -c centri -n "__fish_centri_needs_command" -f -a "explain" -d 'Why a user may or may not subscribe, publish, read history or presence on a channel: the server\'s ordered permission checks, with the one that decided. Exit 0 allowed, 8 denied'
complete -c centri -n "__fish_centri_needs_command" -f -a "proxy" -d 'Proxies to the application backend: check a backend\'s side of the contract with the exact requests the server sends (HTTP or GRPC)'
complete -c centri -n "__fish_centri_needs_command" -f -a "bench" -d 'Load generator: real WebSocket subscribers (protocol v2, minted tokens) and API publishers; deliveries/s, latency percentiles, missing and duplicate messages, server CPU and RSS, each also as a ratio to a baseline broadcaster run in the same invocation'
complete -c centri -n "__fish_centri_needs_command" -f -a "token" -d 'Mint, check and decode JWTs (HMAC, RSA, ECDSA)'
complete -c centri -n "__fish_centri_needs_command" -f -a "context" -d 'Named connection settings (server, keys) in a 0600 file'
complete -c centri -n "__fish_centri_needs_command" -f -a "login" -d 'Sign in to the server\'s admin endpoints with your company\'s OIDC provider (the server\'s admin.oidc): the tokens go into the context, and trace, ratelimit, explain and dash use them when no admin key is set, refreshing them as they expire'
complete -c centri -n "__fish_centri_needs_command" -f -a "logout" -d 'Forget the context\'s sign-in and revoke its refresh token at the provider'
complete -c centri -n "__fish_centri_needs_command" -f -a "config" -d 'Create, validate and show Centrifugo v6 config files'
complete -c centri -n "__fish_centri_needs_command" -f -a "codes" -d 'What a client, API, unsubscribe or disconnect code means'
complete -c centri -n "__fish_centri_needs_command" -f -a "doctor" -d 'Check reachability, auth, version, latency and clock skew of a server'
complete -c centri -n "__fish_centri_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c centri -n "__fish_centri_needs_command" -f -a "version" -d 'Print the version'
complete -c centri -n "__fish_centri_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c centri -n "__fish_centri_using_subcommand serve" -s c -l config -d 'A Centrifugo v6 JSON config file' -r
complete -c centri -n "__fish_centri_using_subcommand serve" -s p -l port -d 'Port to listen on (0 picks a free one); overrides `http_server.port`' -r
complete -c centri -n "__fish_centri_using_subcommand serve" -s a -l address -d 'Address to bind; overrides `http_server.address`' -r
complete -c centri -n "__fish_centri_using_subcommand serve" -l data-dir -d 'Where live edits (rate limits) and --dev\'s keys persist. Default: `<config>.centri-data` beside the config file, or `$XDG_STATE_HOME/centri` without one' -r -F
complete -c centri -n "__fish_centri_using_subcommand serve" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand serve" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand serve" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand serve" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand serve" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand serve" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand serve" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand serve" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand serve" -l dev -d 'INSECURE development mode: made-up keys, every channel open to every client, 127.0.0.1 only. The keys are kept in the data directory (`dev-keys.json`) and reused on the next start, so tokens and contexts keep working across restarts'
complete -c centri -n "__fish_centri_using_subcommand serve" -l rotate-dev-keys -d 'With --dev: mint new keys instead of reusing the kept ones (deleting `dev-keys.json` in the data directory does the same)'
complete -c centri -n "__fish_centri_using_subcommand serve" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand serve" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand serve" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand serve" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand serve" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand serve" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand dash" -l refresh -d 'How often to poll the server' -r
complete -c centri -n "__fish_centri_using_subcommand dash" -l view -d 'The view to open with' -r -f -a "overview\t''
channels\t''
connections\t''
trace\t''
ratelimits\t''
users\t''
explain\t''
push\t''"
complete -c centri -n "__fish_centri_using_subcommand dash" -l log-file -d 'Where to log (default: `$XDG_STATE_HOME/centri/dash.log`); never to the screen' -r -F
complete -c centri -n "__fish_centri_using_subcommand dash" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand dash" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand dash" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand dash" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand dash" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand dash" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand dash" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand dash" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand dash" -l read-only -d 'Turn off every key that changes the server (rate-limit edits, dry-run, disconnect)'
complete -c centri -n "__fish_centri_using_subcommand dash" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand dash" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand dash" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand dash" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand dash" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand dash" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand pub" -l count -d 'Publish N times; `{{ n }}` in the data becomes 1..N' -r
complete -c centri -n "__fish_centri_using_subcommand pub" -l tags -d 'Tags, repeatable: --tags k=v' -r
complete -c centri -n "__fish_centri_using_subcommand pub" -l idempotency-key -d 'De-duplicate retries with this key (5 minutes)' -r
complete -c centri -n "__fish_centri_using_subcommand pub" -l pub-version -d 'The publication\'s version (the API\'s `version`): with history on, the server drops it unless it is newer than the channel\'s last version (`--version` is taken by the program\'s own version)' -r
complete -c centri -n "__fish_centri_using_subcommand pub" -l version-epoch -d 'The epoch of `--pub-version`: a version in another epoch is not compared' -r
complete -c centri -n "__fish_centri_using_subcommand pub" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand pub" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand pub" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand pub" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand pub" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand pub" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand pub" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand pub" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand pub" -l skip-history -d 'Do not store the publication in history'
complete -c centri -n "__fish_centri_using_subcommand pub" -l delta -d 'May go as a fossil delta to subscribers that negotiated delta compression (see `centri sub --delta`)'
complete -c centri -n "__fish_centri_using_subcommand pub" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand pub" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand pub" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand pub" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand pub" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand pub" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand broadcast" -l data -d 'The data (JSON, `@file` or `-`); then every positional argument is a channel' -r
complete -c centri -n "__fish_centri_using_subcommand broadcast" -l tags -d 'Tags, repeatable: --tags k=v' -r
complete -c centri -n "__fish_centri_using_subcommand broadcast" -l idempotency-key -d 'De-duplicate retries with this key (5 minutes)' -r
complete -c centri -n "__fish_centri_using_subcommand broadcast" -l pub-version -d 'The publication\'s version (the API\'s `version`): with history on, the server drops it unless it is newer than the channel\'s last version (`--version` is taken by the program\'s own version)' -r
complete -c centri -n "__fish_centri_using_subcommand broadcast" -l version-epoch -d 'The epoch of `--pub-version`: a version in another epoch is not compared' -r
complete -c centri -n "__fish_centri_using_subcommand broadcast" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand broadcast" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand broadcast" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand broadcast" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand broadcast" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand broadcast" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand broadcast" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand broadcast" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand broadcast" -l skip-history -d 'Do not store the publication in history'
complete -c centri -n "__fish_centri_using_subcommand broadcast" -l delta -d 'May go as a fossil delta to subscribers that negotiated delta compression (see `centri sub --delta`)'
complete -c centri -n "__fish_centri_using_subcommand broadcast" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand broadcast" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand broadcast" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand broadcast" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand broadcast" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand broadcast" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand channel; and not __fish_seen_subcommand_from ls presence stats history history-rm resolve help" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand channel; and not __fish_seen_subcommand_from ls presence stats history history-rm resolve help" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand channel; and not __fish_seen_subcommand_from ls presence stats history history-rm resolve help" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand channel; and not __fish_seen_subcommand_from ls presence stats history history-rm resolve help" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand channel; and not __fish_seen_subcommand_from ls presence stats history history-rm resolve help" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand channel; and not __fish_seen_subcommand_from ls presence stats history history-rm resolve help" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand channel; and not __fish_seen_subcommand_from ls presence stats history history-rm resolve help" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand channel; and not __fish_seen_subcommand_from ls presence stats history history-rm resolve help" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand channel; and not __fish_seen_subcommand_from ls presence stats history history-rm resolve help" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand channel; and not __fish_seen_subcommand_from ls presence stats history history-rm resolve help" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand channel; and not __fish_seen_subcommand_from ls presence stats history history-rm resolve help" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand channel; and not __fish_seen_subcommand_from ls presence stats history history-rm resolve help" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand channel; and not __fish_seen_subcommand_from ls presence stats history history-rm resolve help" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand channel; and not __fish_seen_subcommand_from ls presence stats history history-rm resolve help" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand channel; and not __fish_seen_subcommand_from ls presence stats history history-rm resolve help" -f -a "ls" -d 'Channels with subscribers (cluster-wide)'
complete -c centri -n "__fish_centri_using_subcommand channel; and not __fish_seen_subcommand_from ls presence stats history history-rm resolve help" -f -a "presence" -d 'Who is subscribed (needs presence on in the namespace)'
complete -c centri -n "__fish_centri_using_subcommand channel; and not __fish_seen_subcommand_from ls presence stats history history-rm resolve help" -f -a "stats" -d 'Number of clients and unique users subscribed'
complete -c centri -n "__fish_centri_using_subcommand channel; and not __fish_seen_subcommand_from ls presence stats history history-rm resolve help" -f -a "history" -d 'Publications kept in history'
complete -c centri -n "__fish_centri_using_subcommand channel; and not __fish_seen_subcommand_from ls presence stats history history-rm resolve help" -f -a "history-rm" -d 'Remove a channel\'s history (the stream position stays). Asks first'
complete -c centri -n "__fish_centri_using_subcommand channel; and not __fish_seen_subcommand_from ls presence stats history history-rm resolve help" -f -a "resolve" -d 'Namespace and effective options of a channel, from the server or a config file'
complete -c centri -n "__fish_centri_using_subcommand channel; and not __fish_seen_subcommand_from ls presence stats history history-rm resolve help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from ls" -s p -l pattern -d 'Glob pattern, e.g. `chat:*`' -r
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from ls" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from ls" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from ls" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from ls" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from ls" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from ls" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from ls" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from ls" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from ls" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from ls" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from presence" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from presence" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from presence" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from presence" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from presence" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from presence" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from presence" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from presence" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from presence" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from presence" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from presence" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from presence" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from presence" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from presence" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from stats" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from stats" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from stats" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from stats" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from stats" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from stats" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from stats" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from stats" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from stats" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from stats" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from stats" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from stats" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from stats" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from stats" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from history" -s l -l limit -d 'How many (-1: all kept; default 10)' -r
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from history" -l since -d 'Only after this position: OFFSET or OFFSET:EPOCH' -r
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from history" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from history" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from history" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from history" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from history" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from history" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from history" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from history" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from history" -l reverse -d 'Newest first'
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from history" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from history" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from history" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from history" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from history" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from history" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from history-rm" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from history-rm" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from history-rm" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from history-rm" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from history-rm" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from history-rm" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from history-rm" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from history-rm" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from history-rm" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from history-rm" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from history-rm" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from history-rm" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from history-rm" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from history-rm" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from resolve" -s c -l config -d 'Resolve offline against this Centrifugo config instead of asking the server' -r
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from resolve" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from resolve" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from resolve" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from resolve" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from resolve" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from resolve" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from resolve" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from resolve" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from resolve" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from resolve" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from resolve" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from resolve" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from resolve" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from resolve" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from help" -f -a "ls" -d 'Channels with subscribers (cluster-wide)'
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from help" -f -a "presence" -d 'Who is subscribed (needs presence on in the namespace)'
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from help" -f -a "stats" -d 'Number of clients and unique users subscribed'
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from help" -f -a "history" -d 'Publications kept in history'
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from help" -f -a "history-rm" -d 'Remove a channel\'s history (the stream position stays). Asks first'
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from help" -f -a "resolve" -d 'Namespace and effective options of a channel, from the server or a config file'
complete -c centri -n "__fish_centri_using_subcommand channel; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c centri -n "__fish_centri_using_subcommand user; and not __fish_seen_subcommand_from status touch forget disconnect block unblock invalidate-tokens access help" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand user; and not __fish_seen_subcommand_from status touch forget disconnect block unblock invalidate-tokens access help" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand user; and not __fish_seen_subcommand_from status touch forget disconnect block unblock invalidate-tokens access help" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand user; and not __fish_seen_subcommand_from status touch forget disconnect block unblock invalidate-tokens access help" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand user; and not __fish_seen_subcommand_from status touch forget disconnect block unblock invalidate-tokens access help" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand user; and not __fish_seen_subcommand_from status touch forget disconnect block unblock invalidate-tokens access help" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand user; and not __fish_seen_subcommand_from status touch forget disconnect block unblock invalidate-tokens access help" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand user; and not __fish_seen_subcommand_from status touch forget disconnect block unblock invalidate-tokens access help" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand user; and not __fish_seen_subcommand_from status touch forget disconnect block unblock invalidate-tokens access help" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand user; and not __fish_seen_subcommand_from status touch forget disconnect block unblock invalidate-tokens access help" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand user; and not __fish_seen_subcommand_from status touch forget disconnect block unblock invalidate-tokens access help" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand user; and not __fish_seen_subcommand_from status touch forget disconnect block unblock invalidate-tokens access help" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand user; and not __fish_seen_subcommand_from status touch forget disconnect block unblock invalidate-tokens access help" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand user; and not __fish_seen_subcommand_from status touch forget disconnect block unblock invalidate-tokens access help" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand user; and not __fish_seen_subcommand_from status touch forget disconnect block unblock invalidate-tokens access help" -f -a "status" -d 'Online, active and away status of users (needs `user_status.enabled` on the server)'
complete -c centri -n "__fish_centri_using_subcommand user; and not __fish_seen_subcommand_from status touch forget disconnect block unblock invalidate-tokens access help" -f -a "touch" -d 'Mark users active now (`update_user_status`), optionally setting their state'
complete -c centri -n "__fish_centri_using_subcommand user; and not __fish_seen_subcommand_from status touch forget disconnect block unblock invalidate-tokens access help" -f -a "forget" -d 'Forget users\' statuses (`delete_user_status`). Asks first'
complete -c centri -n "__fish_centri_using_subcommand user; and not __fish_seen_subcommand_from status touch forget disconnect block unblock invalidate-tokens access help" -f -a "disconnect" -d 'Disconnect every connection of a user. Asks first'
complete -c centri -n "__fish_centri_using_subcommand user; and not __fish_seen_subcommand_from status touch forget disconnect block unblock invalidate-tokens access help" -f -a "block" -d 'Block a user (`block_user`): their connections on every node are closed with 3503 and their connects refused until the block ends. Asks first'
complete -c centri -n "__fish_centri_using_subcommand user; and not __fish_seen_subcommand_from status touch forget disconnect block unblock invalidate-tokens access help" -f -a "unblock" -d 'Lift a user\'s block (`unblock_user`)'
complete -c centri -n "__fish_centri_using_subcommand user; and not __fish_seen_subcommand_from status touch forget disconnect block unblock invalidate-tokens access help" -f -a "invalidate-tokens" -d 'Refuse every token of a user issued before a time (`invalidate_user_tokens`): live connections holding one are closed with 3005, and the SDK asks the app for a fresh token. Asks first'
complete -c centri -n "__fish_centri_using_subcommand user; and not __fish_seen_subcommand_from status touch forget disconnect block unblock invalidate-tokens access help" -f -a "access" -d 'The access controls in force (centri\'s `access_list`): blocked users, revoked tokens, invalidated tokens'
complete -c centri -n "__fish_centri_using_subcommand user; and not __fish_seen_subcommand_from status touch forget disconnect block unblock invalidate-tokens access help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from status" -l away-after -d 'Online but last active longer than this ago is `away`' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from status" -l online-within -d 'A user seen connected within this long is online (the server refreshes `online` every `user_status.online_interval`, 25s by default)' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from status" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from status" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from status" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from status" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from status" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from status" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from status" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from status" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from status" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from status" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from status" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from touch" -l state -d 'A free-form state to store with the status' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from touch" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from touch" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from touch" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from touch" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from touch" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from touch" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from touch" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from touch" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from touch" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from touch" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from touch" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from touch" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from touch" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from touch" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from forget" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from forget" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from forget" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from forget" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from forget" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from forget" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from forget" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from forget" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from forget" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from forget" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from forget" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from forget" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from forget" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from forget" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from disconnect" -l code -d 'Disconnect code (default 3503 force disconnect: no reconnect)' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from disconnect" -l reason -d 'Reason sent with the code' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from disconnect" -l client -d 'Only this client ID (or a unique prefix of it)' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from disconnect" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from disconnect" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from disconnect" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from disconnect" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from disconnect" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from disconnect" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from disconnect" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from disconnect" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from disconnect" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from disconnect" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from disconnect" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from disconnect" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from disconnect" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from disconnect" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from block" -l for -d 'It ends after this long' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from block" -l until -d 'It ends at this unix time (seconds)' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from block" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from block" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from block" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from block" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from block" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from block" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from block" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from block" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from block" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from block" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from block" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from block" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from block" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from block" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from unblock" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from unblock" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from unblock" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from unblock" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from unblock" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from unblock" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from unblock" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from unblock" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from unblock" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from unblock" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from unblock" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from unblock" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from unblock" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from unblock" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from invalidate-tokens" -l before -d 'Tokens issued (`iat`) before this unix time are refused; default now' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from invalidate-tokens" -l channel -d 'Only the user\'s subscription tokens for this channel' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from invalidate-tokens" -l for -d 'It ends after this long' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from invalidate-tokens" -l until -d 'It ends at this unix time (seconds)' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from invalidate-tokens" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from invalidate-tokens" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from invalidate-tokens" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from invalidate-tokens" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from invalidate-tokens" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from invalidate-tokens" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from invalidate-tokens" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from invalidate-tokens" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from invalidate-tokens" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from invalidate-tokens" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from invalidate-tokens" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from invalidate-tokens" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from invalidate-tokens" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from invalidate-tokens" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from access" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from access" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from access" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from access" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from access" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from access" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from access" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from access" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from access" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from access" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from access" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from access" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from access" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from access" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "status" -d 'Online, active and away status of users (needs `user_status.enabled` on the server)'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "touch" -d 'Mark users active now (`update_user_status`), optionally setting their state'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "forget" -d 'Forget users\' statuses (`delete_user_status`). Asks first'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "disconnect" -d 'Disconnect every connection of a user. Asks first'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "block" -d 'Block a user (`block_user`): their connections on every node are closed with 3503 and their connects refused until the block ends. Asks first'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "unblock" -d 'Lift a user\'s block (`unblock_user`)'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "invalidate-tokens" -d 'Refuse every token of a user issued before a time (`invalidate_user_tokens`): live connections holding one are closed with 3005, and the SDK asks the app for a fresh token. Asks first'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "access" -d 'The access controls in force (centri\'s `access_list`): blocked users, revoked tokens, invalidated tokens'
complete -c centri -n "__fish_centri_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c centri -n "__fish_centri_using_subcommand map; and not __fish_seen_subcommand_from state stream publish rm stats clear help" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand map; and not __fish_seen_subcommand_from state stream publish rm stats clear help" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand map; and not __fish_seen_subcommand_from state stream publish rm stats clear help" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand map; and not __fish_seen_subcommand_from state stream publish rm stats clear help" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand map; and not __fish_seen_subcommand_from state stream publish rm stats clear help" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand map; and not __fish_seen_subcommand_from state stream publish rm stats clear help" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand map; and not __fish_seen_subcommand_from state stream publish rm stats clear help" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand map; and not __fish_seen_subcommand_from state stream publish rm stats clear help" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand map; and not __fish_seen_subcommand_from state stream publish rm stats clear help" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand map; and not __fish_seen_subcommand_from state stream publish rm stats clear help" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand map; and not __fish_seen_subcommand_from state stream publish rm stats clear help" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand map; and not __fish_seen_subcommand_from state stream publish rm stats clear help" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand map; and not __fish_seen_subcommand_from state stream publish rm stats clear help" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand map; and not __fish_seen_subcommand_from state stream publish rm stats clear help" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand map; and not __fish_seen_subcommand_from state stream publish rm stats clear help" -f -a "state" -d 'The keys of a map channel and their values, following the server\'s pages (`-o ndjson` prints each entry as its page arrives)'
complete -c centri -n "__fish_centri_using_subcommand map; and not __fish_seen_subcommand_from state stream publish rm stats clear help" -f -a "stream" -d 'The stream of changes of a recoverable or persistent map (writes and removals, with offsets)'
complete -c centri -n "__fish_centri_using_subcommand map; and not __fish_seen_subcommand_from state stream publish rm stats clear help" -f -a "publish" -d 'Set a key\'s value (server API `map_publish`)'
complete -c centri -n "__fish_centri_using_subcommand map; and not __fish_seen_subcommand_from state stream publish rm stats clear help" -f -a "rm" -d 'Remove a key (server API `map_remove`)'
complete -c centri -n "__fish_centri_using_subcommand map; and not __fish_seen_subcommand_from state stream publish rm stats clear help" -f -a "stats" -d 'The number of keys'
complete -c centri -n "__fish_centri_using_subcommand map; and not __fish_seen_subcommand_from state stream publish rm stats clear help" -f -a "clear" -d 'Forget a map channel\'s keys and stream (asks first)'
complete -c centri -n "__fish_centri_using_subcommand map; and not __fish_seen_subcommand_from state stream publish rm stats clear help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from state" -l key -d 'Only this key' -r
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from state" -l page-size -d 'Entries per request (the server clamps it to the namespace\'s page sizes)' -r
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from state" -l limit -d 'Stop after this many entries' -r
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from state" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from state" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from state" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from state" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from state" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from state" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from state" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from state" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from state" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from state" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from state" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from state" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from state" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from state" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from stream" -l since -d 'Changes after OFFSET (in EPOCH, which must be the stream\'s)' -r
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from stream" -l limit -r
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from stream" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from stream" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from stream" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from stream" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from stream" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from stream" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from stream" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from stream" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from stream" -l reverse
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from stream" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from stream" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from stream" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from stream" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from stream" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from stream" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from publish" -l tags -r
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from publish" -l key-mode -r -f -a "if-new\t'Only when the key is absent'
if-exists\t'Only when the key is present'"
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from publish" -l pub-version -d 'Replace the value only with a newer version (in the same --version-epoch)' -r
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from publish" -l version-epoch -r
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from publish" -l idempotency-key -r
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from publish" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from publish" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from publish" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from publish" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from publish" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from publish" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from publish" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from publish" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from publish" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from publish" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from publish" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from publish" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from publish" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from publish" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from rm" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from rm" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from rm" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from rm" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from rm" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from rm" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from rm" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from rm" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from rm" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from rm" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from rm" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from rm" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from rm" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from stats" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from stats" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from stats" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from stats" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from stats" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from stats" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from stats" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from stats" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from stats" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from stats" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from stats" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from stats" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from stats" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from stats" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from clear" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from clear" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from clear" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from clear" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from clear" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from clear" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from clear" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from clear" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from clear" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from clear" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from clear" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from clear" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from clear" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from clear" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from help" -f -a "state" -d 'The keys of a map channel and their values, following the server\'s pages (`-o ndjson` prints each entry as its page arrives)'
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from help" -f -a "stream" -d 'The stream of changes of a recoverable or persistent map (writes and removals, with offsets)'
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from help" -f -a "publish" -d 'Set a key\'s value (server API `map_publish`)'
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from help" -f -a "rm" -d 'Remove a key (server API `map_remove`)'
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from help" -f -a "stats" -d 'The number of keys'
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from help" -f -a "clear" -d 'Forget a map channel\'s keys and stream (asks first)'
complete -c centri -n "__fish_centri_using_subcommand map; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c centri -n "__fish_centri_using_subcommand sub" -s u -l user -d 'User to mint a connection token for (needs the HMAC secret); default `centri-cli`' -r
complete -c centri -n "__fish_centri_using_subcommand sub" -l token -d 'A ready connection token instead of minting one' -r
complete -c centri -n "__fish_centri_using_subcommand sub" -l since -d 'Recover from OFFSET[:EPOCH] (implies --recover)' -r
complete -c centri -n "__fish_centri_using_subcommand sub" -l count -d 'Stop after N publications' -r
complete -c centri -n "__fish_centri_using_subcommand sub" -l duration -d 'Stop after this long; exit 3 if nothing (or fewer than --count) arrived' -r
complete -c centri -n "__fish_centri_using_subcommand sub" -l tag -d 'Server-side tags filter: only publications whose tags match, `key=value`, `key!=value` or `key` (present); repeat to require all. The channel\'s namespace needs `allow_tags_filter`' -r
complete -c centri -n "__fish_centri_using_subcommand sub" -l transport -d 'The transport: WebSocket, or bidirectional emulation over HTTP streaming or SSE (as centrifuge-js falls back to when WebSocket is blocked; the server must enable it)' -r -f -a "websocket\t''
http_stream\t''
sse\t''"
complete -c centri -n "__fish_centri_using_subcommand sub" -l map-type -d 'The map subscription type: 1 map, 2 `map_clients`, 3 `map_users` (the channel\'s namespace decides which it takes)' -r
complete -c centri -n "__fish_centri_using_subcommand sub" -l page-size -d 'Map state and stream entries per page (default: the namespace\'s `map.default_page_size`; the server clamps it to its min/max)' -r
complete -c centri -n "__fish_centri_using_subcommand sub" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand sub" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand sub" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand sub" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand sub" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand sub" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand sub" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand sub" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand sub" -l recover -d 'Recover missed publications (with --since, from that position)'
complete -c centri -n "__fish_centri_using_subcommand sub" -l timestamps -d 'Prefix each line with the local receive time'
complete -c centri -n "__fish_centri_using_subcommand sub" -l delta -d 'Ask for fossil delta compression (the namespace needs `allowed_delta_types`): publications are shown decoded, and the summary says how much the deltas saved'
complete -c centri -n "__fish_centri_using_subcommand sub" -l protobuf -d 'Speak the Protobuf client protocol (binary frames), as the mobile SDKs do; the output is the same'
complete -c centri -n "__fish_centri_using_subcommand sub" -l map -d 'Subscribe to map channels (Centrifugo v6.7+ `subscription_type: map`): page through each channel\'s state (a `state` event per key), catch up on its stream, then print a `live` marker and an `update` per change (`removed` for a removal). `--count` counts updates'
complete -c centri -n "__fish_centri_using_subcommand sub" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand sub" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand sub" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand sub" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand sub" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand sub" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand trace; and not __fish_seen_subcommand_from user channel replay help" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand trace; and not __fish_seen_subcommand_from user channel replay help" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand trace; and not __fish_seen_subcommand_from user channel replay help" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand trace; and not __fish_seen_subcommand_from user channel replay help" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand trace; and not __fish_seen_subcommand_from user channel replay help" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand trace; and not __fish_seen_subcommand_from user channel replay help" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand trace; and not __fish_seen_subcommand_from user channel replay help" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand trace; and not __fish_seen_subcommand_from user channel replay help" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand trace; and not __fish_seen_subcommand_from user channel replay help" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand trace; and not __fish_seen_subcommand_from user channel replay help" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand trace; and not __fish_seen_subcommand_from user channel replay help" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand trace; and not __fish_seen_subcommand_from user channel replay help" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand trace; and not __fish_seen_subcommand_from user channel replay help" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand trace; and not __fish_seen_subcommand_from user channel replay help" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand trace; and not __fish_seen_subcommand_from user channel replay help" -f -a "user" -d 'Everything a user\'s connections do and receive'
complete -c centri -n "__fish_centri_using_subcommand trace; and not __fish_seen_subcommand_from user channel replay help" -f -a "channel" -d 'Every message flowing towards a channel\'s subscribers, plus its joins, leaves and calls'
complete -c centri -n "__fish_centri_using_subcommand trace; and not __fish_seen_subcommand_from user channel replay help" -f -a "replay" -d 'Print a recorded trace, optionally filtered'
complete -c centri -n "__fish_centri_using_subcommand trace; and not __fish_seen_subcommand_from user channel replay help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from user" -l filter -d 'Only events matching this expression, e.g. `type == "publication" && channel ~ "chat:*"`' -r
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from user" -l count -d 'Stop after N events' -r
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from user" -l duration -d 'Stop after this long' -r
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from user" -l record -d 'Also append every event to FILE (NDJSON), for `centri trace replay`' -r
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from user" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from user" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from user" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from user" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from user" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from user" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from user" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from user" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from user" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from user" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from user" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from user" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from user" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from user" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from channel" -l filter -d 'Only events matching this expression, e.g. `type == "publication" && channel ~ "chat:*"`' -r
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from channel" -l count -d 'Stop after N events' -r
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from channel" -l duration -d 'Stop after this long' -r
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from channel" -l record -d 'Also append every event to FILE (NDJSON), for `centri trace replay`' -r
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from channel" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from channel" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from channel" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from channel" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from channel" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from channel" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from channel" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from channel" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from channel" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from channel" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from channel" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from channel" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from channel" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from channel" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from replay" -l filter -r
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from replay" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from replay" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from replay" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from replay" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from replay" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from replay" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from replay" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from replay" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from replay" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from replay" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from replay" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from replay" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from replay" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from replay" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from help" -f -a "user" -d 'Everything a user\'s connections do and receive'
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from help" -f -a "channel" -d 'Every message flowing towards a channel\'s subscribers, plus its joins, leaves and calls'
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from help" -f -a "replay" -d 'Print a recorded trace, optionally filtered'
complete -c centri -n "__fish_centri_using_subcommand trace; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c centri -n "__fish_centri_using_subcommand conn; and not __fish_seen_subcommand_from ls show disconnect help" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand conn; and not __fish_seen_subcommand_from ls show disconnect help" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand conn; and not __fish_seen_subcommand_from ls show disconnect help" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand conn; and not __fish_seen_subcommand_from ls show disconnect help" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand conn; and not __fish_seen_subcommand_from ls show disconnect help" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand conn; and not __fish_seen_subcommand_from ls show disconnect help" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand conn; and not __fish_seen_subcommand_from ls show disconnect help" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand conn; and not __fish_seen_subcommand_from ls show disconnect help" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand conn; and not __fish_seen_subcommand_from ls show disconnect help" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand conn; and not __fish_seen_subcommand_from ls show disconnect help" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand conn; and not __fish_seen_subcommand_from ls show disconnect help" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand conn; and not __fish_seen_subcommand_from ls show disconnect help" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand conn; and not __fish_seen_subcommand_from ls show disconnect help" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand conn; and not __fish_seen_subcommand_from ls show disconnect help" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand conn; and not __fish_seen_subcommand_from ls show disconnect help" -f -a "ls" -d 'Connections of a user (or all), newest first'
complete -c centri -n "__fish_centri_using_subcommand conn; and not __fish_seen_subcommand_from ls show disconnect help" -f -a "show" -d 'One connection in detail'
complete -c centri -n "__fish_centri_using_subcommand conn; and not __fish_seen_subcommand_from ls show disconnect help" -f -a "disconnect" -d 'Disconnect one connection. Asks first'
complete -c centri -n "__fish_centri_using_subcommand conn; and not __fish_seen_subcommand_from ls show disconnect help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from ls" -s u -l user -r
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from ls" -s l -l label -d 'Only connections whose labels (the token\'s `labels` claim) match: `key=value`, `key!=value` or `key` (present). Repeat to require several' -r
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from ls" -l sort -d 'Sort by age (newest first, the default), rtt (slowest first) or subs (most first)' -r -f -a "age\t''
rtt\t''
subs\t''"
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from ls" -l top -d 'Only the first N' -r
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from ls" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from ls" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from ls" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from ls" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from ls" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from ls" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from ls" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from ls" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from ls" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from ls" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from show" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from show" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from show" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from show" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from show" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from show" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from show" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from show" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from disconnect" -l code -r
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from disconnect" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from disconnect" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from disconnect" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from disconnect" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from disconnect" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from disconnect" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from disconnect" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from disconnect" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from disconnect" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from disconnect" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from disconnect" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from disconnect" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from disconnect" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from disconnect" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from help" -f -a "ls" -d 'Connections of a user (or all), newest first'
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from help" -f -a "show" -d 'One connection in detail'
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from help" -f -a "disconnect" -d 'Disconnect one connection. Asks first'
complete -c centri -n "__fish_centri_using_subcommand conn; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c centri -n "__fish_centri_using_subcommand node; and not __fish_seen_subcommand_from ls health help" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand node; and not __fish_seen_subcommand_from ls health help" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand node; and not __fish_seen_subcommand_from ls health help" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand node; and not __fish_seen_subcommand_from ls health help" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand node; and not __fish_seen_subcommand_from ls health help" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand node; and not __fish_seen_subcommand_from ls health help" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand node; and not __fish_seen_subcommand_from ls health help" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand node; and not __fish_seen_subcommand_from ls health help" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand node; and not __fish_seen_subcommand_from ls health help" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand node; and not __fish_seen_subcommand_from ls health help" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand node; and not __fish_seen_subcommand_from ls health help" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand node; and not __fish_seen_subcommand_from ls health help" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand node; and not __fish_seen_subcommand_from ls health help" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand node; and not __fish_seen_subcommand_from ls health help" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand node; and not __fish_seen_subcommand_from ls health help" -f -a "ls" -d 'Nodes with clients, users, channels, subscriptions and uptime, plus a total'
complete -c centri -n "__fish_centri_using_subcommand node; and not __fish_seen_subcommand_from ls health help" -f -a "health" -d 'Health of the server (`/health` and the API); exit 8 when unhealthy'
complete -c centri -n "__fish_centri_using_subcommand node; and not __fish_seen_subcommand_from ls health help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c centri -n "__fish_centri_using_subcommand node; and __fish_seen_subcommand_from ls" -l watch -d 'Refresh every INTERVAL (in place on a terminal, appended when piped)' -r
complete -c centri -n "__fish_centri_using_subcommand node; and __fish_seen_subcommand_from ls" -l count -d 'With --watch: stop after N refreshes' -r
complete -c centri -n "__fish_centri_using_subcommand node; and __fish_seen_subcommand_from ls" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand node; and __fish_seen_subcommand_from ls" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand node; and __fish_seen_subcommand_from ls" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand node; and __fish_seen_subcommand_from ls" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand node; and __fish_seen_subcommand_from ls" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand node; and __fish_seen_subcommand_from ls" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand node; and __fish_seen_subcommand_from ls" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand node; and __fish_seen_subcommand_from ls" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand node; and __fish_seen_subcommand_from ls" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand node; and __fish_seen_subcommand_from ls" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand node; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand node; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand node; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand node; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand node; and __fish_seen_subcommand_from health" -l watch -r
complete -c centri -n "__fish_centri_using_subcommand node; and __fish_seen_subcommand_from health" -l count -r
complete -c centri -n "__fish_centri_using_subcommand node; and __fish_seen_subcommand_from health" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand node; and __fish_seen_subcommand_from health" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand node; and __fish_seen_subcommand_from health" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand node; and __fish_seen_subcommand_from health" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand node; and __fish_seen_subcommand_from health" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand node; and __fish_seen_subcommand_from health" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand node; and __fish_seen_subcommand_from health" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand node; and __fish_seen_subcommand_from health" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand node; and __fish_seen_subcommand_from health" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand node; and __fish_seen_subcommand_from health" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand node; and __fish_seen_subcommand_from health" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand node; and __fish_seen_subcommand_from health" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand node; and __fish_seen_subcommand_from health" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand node; and __fish_seen_subcommand_from health" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand node; and __fish_seen_subcommand_from help" -f -a "ls" -d 'Nodes with clients, users, channels, subscriptions and uptime, plus a total'
complete -c centri -n "__fish_centri_using_subcommand node; and __fish_seen_subcommand_from help" -f -a "health" -d 'Health of the server (`/health` and the API); exit 8 when unhealthy'
complete -c centri -n "__fish_centri_using_subcommand node; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c centri -n "__fish_centri_using_subcommand api" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand api" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand api" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand api" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand api" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand api" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand api" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand api" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand api" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand api" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand api" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand api" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand api" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand api" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and not __fish_seen_subcommand_from show set rm dry-run history simulate check help" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and not __fish_seen_subcommand_from show set rm dry-run history simulate check help" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and not __fish_seen_subcommand_from show set rm dry-run history simulate check help" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and not __fish_seen_subcommand_from show set rm dry-run history simulate check help" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and not __fish_seen_subcommand_from show set rm dry-run history simulate check help" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and not __fish_seen_subcommand_from show set rm dry-run history simulate check help" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and not __fish_seen_subcommand_from show set rm dry-run history simulate check help" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and not __fish_seen_subcommand_from show set rm dry-run history simulate check help" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and not __fish_seen_subcommand_from show set rm dry-run history simulate check help" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and not __fish_seen_subcommand_from show set rm dry-run history simulate check help" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and not __fish_seen_subcommand_from show set rm dry-run history simulate check help" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and not __fish_seen_subcommand_from show set rm dry-run history simulate check help" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and not __fish_seen_subcommand_from show set rm dry-run history simulate check help" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and not __fish_seen_subcommand_from show set rm dry-run history simulate check help" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and not __fish_seen_subcommand_from show set rm dry-run history simulate check help" -f -a "show" -d 'Effective limits (file plus live edits) and the most recent rejections'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and not __fish_seen_subcommand_from show set rm dry-run history simulate check help" -f -a "set" -d 'Set buckets live, e.g. `client_command.publish=10/1s`. Shows the change and asks first'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and not __fish_seen_subcommand_from show set rm dry-run history simulate check help" -f -a "rm" -d 'Remove live edits: the config file\'s value applies again. Asks first'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and not __fish_seen_subcommand_from show set rm dry-run history simulate check help" -f -a "dry-run" -d 'Count would-be rejections without rejecting (all limiters, one limiter or one op)'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and not __fish_seen_subcommand_from show set rm dry-run history simulate check help" -f -a "history" -d 'Applied live edits: when, who, and each key\'s old and new value'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and not __fish_seen_subcommand_from show set rm dry-run history simulate check help" -f -a "simulate" -d 'Drive the real limiter offline: what one connection sending OP at RATE would see'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and not __fish_seen_subcommand_from show set rm dry-run history simulate check help" -f -a "check" -d 'Check and take tokens of an arbitrary key (server API `rate_limit`), as a backend would before sending an SMS. Exit 0 allowed, 7 rate limited'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and not __fish_seen_subcommand_from show set rm dry-run history simulate check help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from show" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from show" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from show" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from show" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from show" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from show" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from show" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from show" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from set" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from set" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from set" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from set" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from set" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from set" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from set" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from set" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from set" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from set" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from set" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from set" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from rm" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from rm" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from rm" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from rm" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from rm" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from rm" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from rm" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from rm" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from rm" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from rm" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from rm" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from rm" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from rm" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from dry-run" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from dry-run" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from dry-run" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from dry-run" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from dry-run" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from dry-run" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from dry-run" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from dry-run" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from dry-run" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from dry-run" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from dry-run" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from dry-run" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from dry-run" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from dry-run" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from history" -s l -l limit -d 'Only the newest N edits' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from history" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from history" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from history" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from history" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from history" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from history" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from history" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from history" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from history" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from history" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from history" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from history" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from history" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from history" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from simulate" -l command -d 'The operation: publish, subscribe, history, presence, rpc, ...' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from simulate" -l rate -d 'How fast: `50/s`, `50/1s`, `600/1m`, or a bare number per second' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from simulate" -l duration -d 'How long to send for' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from simulate" -l namespace -d 'The channel namespace of the operation' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from simulate" -l method -d 'The RPC method (with --command rpc)' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from simulate" -s c -l config -d 'Simulate against this Centrifugo config file' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from simulate" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from simulate" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from simulate" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from simulate" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from simulate" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from simulate" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from simulate" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from simulate" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from simulate" -l live -d 'Simulate against the server\'s effective limits (the default without --config)'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from simulate" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from simulate" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from simulate" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from simulate" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from simulate" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from simulate" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from check" -l rate -d 'Tokens per interval (also the burst): `5/1m`, `10/1s`' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from check" -l cost -d 'Tokens to take; 0 only reads' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from check" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from check" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from check" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from check" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from check" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from check" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from check" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from check" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from check" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from check" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from check" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from help" -f -a "show" -d 'Effective limits (file plus live edits) and the most recent rejections'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from help" -f -a "set" -d 'Set buckets live, e.g. `client_command.publish=10/1s`. Shows the change and asks first'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from help" -f -a "rm" -d 'Remove live edits: the config file\'s value applies again. Asks first'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from help" -f -a "dry-run" -d 'Count would-be rejections without rejecting (all limiters, one limiter or one op)'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from help" -f -a "history" -d 'Applied live edits: when, who, and each key\'s old and new value'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from help" -f -a "simulate" -d 'Drive the real limiter offline: what one connection sending OP at RATE would see'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from help" -f -a "check" -d 'Check and take tokens of an arbitrary key (server API `rate_limit`), as a backend would before sending an SMS. Exit 0 allowed, 7 rate limited'
complete -c centri -n "__fish_centri_using_subcommand ratelimit; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c centri -n "__fish_centri_using_subcommand rl; and not __fish_seen_subcommand_from show set rm dry-run history simulate check help" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and not __fish_seen_subcommand_from show set rm dry-run history simulate check help" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and not __fish_seen_subcommand_from show set rm dry-run history simulate check help" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and not __fish_seen_subcommand_from show set rm dry-run history simulate check help" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and not __fish_seen_subcommand_from show set rm dry-run history simulate check help" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and not __fish_seen_subcommand_from show set rm dry-run history simulate check help" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand rl; and not __fish_seen_subcommand_from show set rm dry-run history simulate check help" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and not __fish_seen_subcommand_from show set rm dry-run history simulate check help" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand rl; and not __fish_seen_subcommand_from show set rm dry-run history simulate check help" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand rl; and not __fish_seen_subcommand_from show set rm dry-run history simulate check help" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand rl; and not __fish_seen_subcommand_from show set rm dry-run history simulate check help" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand rl; and not __fish_seen_subcommand_from show set rm dry-run history simulate check help" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand rl; and not __fish_seen_subcommand_from show set rm dry-run history simulate check help" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand rl; and not __fish_seen_subcommand_from show set rm dry-run history simulate check help" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand rl; and not __fish_seen_subcommand_from show set rm dry-run history simulate check help" -f -a "show" -d 'Effective limits (file plus live edits) and the most recent rejections'
complete -c centri -n "__fish_centri_using_subcommand rl; and not __fish_seen_subcommand_from show set rm dry-run history simulate check help" -f -a "set" -d 'Set buckets live, e.g. `client_command.publish=10/1s`. Shows the change and asks first'
complete -c centri -n "__fish_centri_using_subcommand rl; and not __fish_seen_subcommand_from show set rm dry-run history simulate check help" -f -a "rm" -d 'Remove live edits: the config file\'s value applies again. Asks first'
complete -c centri -n "__fish_centri_using_subcommand rl; and not __fish_seen_subcommand_from show set rm dry-run history simulate check help" -f -a "dry-run" -d 'Count would-be rejections without rejecting (all limiters, one limiter or one op)'
complete -c centri -n "__fish_centri_using_subcommand rl; and not __fish_seen_subcommand_from show set rm dry-run history simulate check help" -f -a "history" -d 'Applied live edits: when, who, and each key\'s old and new value'
complete -c centri -n "__fish_centri_using_subcommand rl; and not __fish_seen_subcommand_from show set rm dry-run history simulate check help" -f -a "simulate" -d 'Drive the real limiter offline: what one connection sending OP at RATE would see'
complete -c centri -n "__fish_centri_using_subcommand rl; and not __fish_seen_subcommand_from show set rm dry-run history simulate check help" -f -a "check" -d 'Check and take tokens of an arbitrary key (server API `rate_limit`), as a backend would before sending an SMS. Exit 0 allowed, 7 rate limited'
complete -c centri -n "__fish_centri_using_subcommand rl; and not __fish_seen_subcommand_from show set rm dry-run history simulate check help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from show" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from show" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from show" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from show" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from show" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from show" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from show" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from show" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from set" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from set" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from set" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from set" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from set" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from set" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from set" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from set" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from set" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from set" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from set" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from set" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from rm" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from rm" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from rm" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from rm" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from rm" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from rm" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from rm" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from rm" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from rm" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from rm" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from rm" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from rm" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from rm" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from dry-run" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from dry-run" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from dry-run" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from dry-run" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from dry-run" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from dry-run" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from dry-run" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from dry-run" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from dry-run" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from dry-run" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from dry-run" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from dry-run" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from dry-run" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from dry-run" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from history" -s l -l limit -d 'Only the newest N edits' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from history" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from history" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from history" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from history" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from history" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from history" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from history" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from history" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from history" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from history" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from history" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from history" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from history" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from history" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from simulate" -l command -d 'The operation: publish, subscribe, history, presence, rpc, ...' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from simulate" -l rate -d 'How fast: `50/s`, `50/1s`, `600/1m`, or a bare number per second' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from simulate" -l duration -d 'How long to send for' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from simulate" -l namespace -d 'The channel namespace of the operation' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from simulate" -l method -d 'The RPC method (with --command rpc)' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from simulate" -s c -l config -d 'Simulate against this Centrifugo config file' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from simulate" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from simulate" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from simulate" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from simulate" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from simulate" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from simulate" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from simulate" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from simulate" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from simulate" -l live -d 'Simulate against the server\'s effective limits (the default without --config)'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from simulate" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from simulate" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from simulate" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from simulate" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from simulate" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from simulate" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from check" -l rate -d 'Tokens per interval (also the burst): `5/1m`, `10/1s`' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from check" -l cost -d 'Tokens to take; 0 only reads' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from check" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from check" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from check" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from check" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from check" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from check" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from check" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from check" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from check" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from check" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from check" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from help" -f -a "show" -d 'Effective limits (file plus live edits) and the most recent rejections'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from help" -f -a "set" -d 'Set buckets live, e.g. `client_command.publish=10/1s`. Shows the change and asks first'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from help" -f -a "rm" -d 'Remove live edits: the config file\'s value applies again. Asks first'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from help" -f -a "dry-run" -d 'Count would-be rejections without rejecting (all limiters, one limiter or one op)'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from help" -f -a "history" -d 'Applied live edits: when, who, and each key\'s old and new value'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from help" -f -a "simulate" -d 'Drive the real limiter offline: what one connection sending OP at RATE would see'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from help" -f -a "check" -d 'Check and take tokens of an arbitrary key (server API `rate_limit`), as a backend would before sending an SMS. Exit 0 allowed, 7 rate limited'
complete -c centri -n "__fish_centri_using_subcommand rl; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c centri -n "__fish_centri_using_subcommand push; and not __fish_seen_subcommand_from device topic send status cancel sends help" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and not __fish_seen_subcommand_from device topic send status cancel sends help" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and not __fish_seen_subcommand_from device topic send status cancel sends help" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and not __fish_seen_subcommand_from device topic send status cancel sends help" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and not __fish_seen_subcommand_from device topic send status cancel sends help" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and not __fish_seen_subcommand_from device topic send status cancel sends help" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand push; and not __fish_seen_subcommand_from device topic send status cancel sends help" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand push; and not __fish_seen_subcommand_from device topic send status cancel sends help" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand push; and not __fish_seen_subcommand_from device topic send status cancel sends help" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand push; and not __fish_seen_subcommand_from device topic send status cancel sends help" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand push; and not __fish_seen_subcommand_from device topic send status cancel sends help" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand push; and not __fish_seen_subcommand_from device topic send status cancel sends help" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand push; and not __fish_seen_subcommand_from device topic send status cancel sends help" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand push; and not __fish_seen_subcommand_from device topic send status cancel sends help" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand push; and not __fish_seen_subcommand_from device topic send status cancel sends help" -f -a "device" -d 'Devices: register, list, show, update, remove'
complete -c centri -n "__fish_centri_using_subcommand push; and not __fish_seen_subcommand_from device topic send status cancel sends help" -f -a "topic" -d 'Topics of one device or one user (a user\'s topics reach all of the user\'s devices)'
complete -c centri -n "__fish_centri_using_subcommand push; and not __fish_seen_subcommand_from device topic send status cancel sends help" -f -a "send" -d 'Send a push notification to devices (by user, topic, id) or to provider tokens and topics: prints the send\'s uid'
complete -c centri -n "__fish_centri_using_subcommand push; and not __fish_seen_subcommand_from device topic send status cancel sends help" -f -a "status" -d 'What a send came to: its state, progress, per-provider counts and errors by reason. Exit 5 when there is no such send'
complete -c centri -n "__fish_centri_using_subcommand push; and not __fish_seen_subcommand_from device topic send status cancel sends help" -f -a "cancel" -d 'Cancel a send that has not ended: what is not sent yet is not sent. Exit 5 when there is no such send or it has ended'
complete -c centri -n "__fish_centri_using_subcommand push; and not __fish_seen_subcommand_from device topic send status cancel sends help" -f -a "sends" -d 'The latest sends, newest first'
complete -c centri -n "__fish_centri_using_subcommand push; and not __fish_seen_subcommand_from device topic send status cancel sends help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from device" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from device" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from device" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from device" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from device" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from device" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from device" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from device" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from device" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from device" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from device" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from device" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from device" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from device" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from device" -f -a "register" -d 'Register a device (or update the one with the same provider and token, or --id): prints its id. The call states the whole device: what is left out is reset'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from device" -f -a "ls" -d 'Devices, following the server\'s pages up to --limit. Filters of one kind match any of their values; filters of different kinds must all match'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from device" -f -a "show" -d 'One device with its topics and meta; exit 5 when there is none'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from device" -f -a "update" -d 'Change devices selected by --id and/or --user: their user, meta, topics, time zone, locale'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from device" -f -a "rm" -d 'Remove devices (and their topics) by id, or all of a user\'s. Asks first'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from device" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from topic" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from topic" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from topic" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from topic" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from topic" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from topic" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from topic" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from topic" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from topic" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from topic" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from topic" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from topic" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from topic" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from topic" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from topic" -f -a "ls" -d 'The topics of a device or a user, following the server\'s pages up to --limit'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from topic" -f -a "add" -d 'Add topics to a device or a user'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from topic" -f -a "rm" -d 'Remove topics from a device or a user'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from topic" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -s u -l user -d 'Devices of this user (repeat for several)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -l topic -d 'Devices subscribed to this topic (repeat for several)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -l device -d 'This device, by the id the server gave it (repeat for several)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -l provider -d 'Only devices of this provider (repeat for several)' -r -f -a "fcm\t''
hms\t''
apns\t''
webpush\t''"
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -l platform -d 'Only devices on this platform (repeat for several)' -r -f -a "ios\t''
android\t''
web\t''"
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -l fcm-token -d 'An FCM registration token (repeat for several)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -l hms-token -d 'An HMS token (repeat for several)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -l apns-token -d 'An APNs device token (repeat for several)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -l fcm-topic -d 'An FCM topic' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -l fcm-condition -d 'An FCM condition, e.g. "\'news\' in topics && \'eu\' in topics"' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -l hms-topic -d 'An HMS topic' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -l hms-condition -d 'An HMS condition' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -l title -d 'The notification\'s title' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -l body -d 'The notification\'s body' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -l data -d 'A data entry, KEY=VALUE (repeat for several): FCM and HMS data, APNs custom keys, the Web Push payload\'s data' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -l fcm -d 'FCM\'s native Message (JSON, @FILE or -)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -l hms -d 'HMS\'s native Message (JSON, @FILE or -)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -l apns -d 'The APNs payload, or {"headers", "payload"} (JSON, @FILE or -)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -l webpush -d 'The Web Push payload, or {"payload", "ttl", "urgency", "topic"} (JSON, @FILE or -)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -l uid -d 'The send\'s id (a second send with a known uid queues nothing). Default: the server makes one' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -l send-at -d 'Send later: RFC 3339 (2026-12-24T18:00:00+02:00), unix seconds, or +DURATION (+10m)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -l expire-in -d 'Give up on what is not sent this long after the send starts (--send-at, else now)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -l analytics-uid -d 'The id `update_push_status` reports use (default: the uid)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -l l10n -d 'A translation for templates, LANG:KEY=VALUE (repeat for several)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -l rate-limit -d 'At most RATE pushes per INTERVAL per device (or per --rate-limit-key), e.g. 1/1m (repeat for several policies)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -l rate-limit-key -d 'What the rate limit counts by, e.g. \'{{.device.user}}\' (default: the device)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -l between -d 'Send only in this window of each device\'s local time, HH:MM:SS-HH:MM:SS' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -l interval -d 'How often --wait asks the server' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -l wait-timeout -d 'Stop waiting after this long (exit 3; the send goes on)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -l all -d 'Every device (narrowed by --provider and --platform). Asks first, unless -y'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -l template -d 'Render the messages as templates (`use_templating`)'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -l meta -d 'Give templates each device\'s meta (`use_meta`)'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -l reliable -d 'Record progress more often and wait out a queue outage instead of sending again (`optimize_for_reliability`)'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -l drop-if-rate-limited -d 'Drop a push the rate limit holds back, instead of sending it later'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -l no-tz-send-now -d 'With --between: send now to devices without a time zone (default: drop them)'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -l dry-run -d 'Print the request JSON and send nothing'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -l wait -d 'Follow the send to its end with a progress bar; exit 9 if any recipient failed or was dropped, 3 if it was cancelled'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from send" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from status" -l interval -d 'How often --watch asks the server' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from status" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from status" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from status" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from status" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from status" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from status" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from status" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from status" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from status" -s w -l watch -d 'Refresh until the send ends (done, cancelled or expired) or Ctrl-C'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from status" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from status" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from status" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from cancel" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from cancel" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from cancel" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from cancel" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from cancel" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from cancel" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from cancel" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from cancel" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from cancel" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from cancel" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from cancel" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from cancel" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from cancel" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from cancel" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from sends" -s l -l limit -d 'Sends to list at most (the server keeps up to 1000)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from sends" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from sends" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from sends" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from sends" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from sends" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from sends" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from sends" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from sends" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from sends" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from sends" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from sends" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from sends" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from sends" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from sends" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from help" -f -a "device" -d 'Devices: register, list, show, update, remove'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from help" -f -a "topic" -d 'Topics of one device or one user (a user\'s topics reach all of the user\'s devices)'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from help" -f -a "send" -d 'Send a push notification to devices (by user, topic, id) or to provider tokens and topics: prints the send\'s uid'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from help" -f -a "status" -d 'What a send came to: its state, progress, per-provider counts and errors by reason. Exit 5 when there is no such send'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from help" -f -a "cancel" -d 'Cancel a send that has not ended: what is not sent yet is not sent. Exit 5 when there is no such send or it has ended'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from help" -f -a "sends" -d 'The latest sends, newest first'
complete -c centri -n "__fish_centri_using_subcommand push; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c centri -n "__fish_centri_using_subcommand explain" -s u -l user -d 'The user ID (taken from --token when given; empty = anonymous)' -r
complete -c centri -n "__fish_centri_using_subcommand explain" -s c -l channel -d 'The channel' -r
complete -c centri -n "__fish_centri_using_subcommand explain" -l token -d 'A connection token: its user and `caps` count' -r
complete -c centri -n "__fish_centri_using_subcommand explain" -l sub-token -d 'A subscription token for the channel' -r
complete -c centri -n "__fish_centri_using_subcommand explain" -l config -d 'Decide offline against this config file instead of asking the server' -r
complete -c centri -n "__fish_centri_using_subcommand explain" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand explain" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand explain" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand explain" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand explain" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand explain" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand explain" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand explain" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand explain" -l subscribed -d 'Treat the client as subscribed (publish/history/presence). Default: as a live connection of the user is on the server; offline, not subscribed'
complete -c centri -n "__fish_centri_using_subcommand explain" -l not-subscribed -d 'Treat the client as not subscribed'
complete -c centri -n "__fish_centri_using_subcommand explain" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand explain" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand explain" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand explain" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand explain" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand explain" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand proxy; and not __fish_seen_subcommand_from check help" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand proxy; and not __fish_seen_subcommand_from check help" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand proxy; and not __fish_seen_subcommand_from check help" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand proxy; and not __fish_seen_subcommand_from check help" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand proxy; and not __fish_seen_subcommand_from check help" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand proxy; and not __fish_seen_subcommand_from check help" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand proxy; and not __fish_seen_subcommand_from check help" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand proxy; and not __fish_seen_subcommand_from check help" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand proxy; and not __fish_seen_subcommand_from check help" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand proxy; and not __fish_seen_subcommand_from check help" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand proxy; and not __fish_seen_subcommand_from check help" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand proxy; and not __fish_seen_subcommand_from check help" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand proxy; and not __fish_seen_subcommand_from check help" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand proxy; and not __fish_seen_subcommand_from check help" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand proxy; and not __fish_seen_subcommand_from check help" -f -a "check" -d 'Send a backend the exact request the server would send for one connect, refresh, subscribe, publish, `sub_refresh`, rpc or shared poll refresh, and show the response, the latency and what the server would decide. Exit 0 allowed, 8 denied (the backend\'s error or disconnect, an expiry, a connect without a result), 6 unreachable or timed out, 1 a bad status or a body that is no proxy response, 2 bad flags'
complete -c centri -n "__fish_centri_using_subcommand proxy; and not __fish_seen_subcommand_from check help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c centri -n "__fish_centri_using_subcommand proxy; and __fish_seen_subcommand_from check" -l endpoint -d 'The backend: `http(s)://host[:port]/path` (JSON over HTTP POST) or `grpc://host:port`' -r
complete -c centri -n "__fish_centri_using_subcommand proxy; and __fish_seen_subcommand_from check" -l config -d 'Take the proxy from this server config file (Centrifugo v6 JSON)' -r
complete -c centri -n "__fish_centri_using_subcommand proxy; and __fish_seen_subcommand_from check" -l proxy -d 'With --config: the named proxy (`proxies[].name`) instead of the one the channel\'s or method\'s namespace uses (subscribe, publish, `sub_refresh`, rpc)' -r
complete -c centri -n "__fish_centri_using_subcommand proxy; and __fish_seen_subcommand_from check" -s u -l user -d 'The user of the connection (not for connect: the backend names the user)' -r
complete -c centri -n "__fish_centri_using_subcommand proxy; and __fish_seen_subcommand_from check" -s c -l channel -d 'The channel (subscribe, publish, `sub_refresh`); for connect, a channel the client asks to subscribe to (repeatable)' -r
complete -c centri -n "__fish_centri_using_subcommand proxy; and __fish_seen_subcommand_from check" -s m -l method -d 'The RPC method (rpc)' -r
complete -c centri -n "__fish_centri_using_subcommand proxy; and __fish_seen_subcommand_from check" -s d -l data -d 'The client\'s data: JSON, `@file`, or `-` for stdin (connect, subscribe, publish, rpc)' -r
complete -c centri -n "__fish_centri_using_subcommand proxy; and __fish_seen_subcommand_from check" -l b64data -d 'The client\'s data as base64, for binary data (a protobuf client\'s)' -r
complete -c centri -n "__fish_centri_using_subcommand proxy; and __fish_seen_subcommand_from check" -l token -d 'The subscription token the client sent (subscribe)' -r
complete -c centri -n "__fish_centri_using_subcommand proxy; and __fish_seen_subcommand_from check" -l client -d 'The client ID (default: a fresh UUID)' -r
complete -c centri -n "__fish_centri_using_subcommand proxy; and __fish_seen_subcommand_from check" -l transport -d 'The client\'s transport' -r
complete -c centri -n "__fish_centri_using_subcommand proxy; and __fish_seen_subcommand_from check" -l protocol -d 'The client\'s protocol' -r -f -a "json\t''
protobuf\t''"
complete -c centri -n "__fish_centri_using_subcommand proxy; and __fish_seen_subcommand_from check" -l meta -d 'The connection\'s meta (JSON), sent when the proxy has `include_connection_meta` (always with --endpoint)' -r
complete -c centri -n "__fish_centri_using_subcommand proxy; and __fish_seen_subcommand_from check" -l label -d 'Connection labels, repeatable: --label k=v' -r
complete -c centri -n "__fish_centri_using_subcommand proxy; and __fish_seen_subcommand_from check" -s H -l header -d 'A header of the client\'s HTTP request, repeatable: \'Name: value\'. Forwarded as the server would (a GRPC proxy gets it as metadata)' -r
complete -c centri -n "__fish_centri_using_subcommand proxy; and __fish_seen_subcommand_from check" -l name -d 'The client\'s name (connect)' -r
complete -c centri -n "__fish_centri_using_subcommand proxy; and __fish_seen_subcommand_from check" -l version -d 'The client\'s version (connect)' -r
complete -c centri -n "__fish_centri_using_subcommand proxy; and __fish_seen_subcommand_from check" -s k -l key -d 'A tracked key to poll, repeatable (`shared_poll_refresh`): KEY, or KEY=VERSION for the version the server has in versioned mode' -r
complete -c centri -n "__fish_centri_using_subcommand proxy; and __fish_seen_subcommand_from check" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand proxy; and __fish_seen_subcommand_from check" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand proxy; and __fish_seen_subcommand_from check" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand proxy; and __fish_seen_subcommand_from check" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand proxy; and __fish_seen_subcommand_from check" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand proxy; and __fish_seen_subcommand_from check" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand proxy; and __fish_seen_subcommand_from check" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand proxy; and __fish_seen_subcommand_from check" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand proxy; and __fish_seen_subcommand_from check" -l binary-encoding -d 'Send data as base64 (`b64data`, encoding `binary`), whatever the proxy says'
complete -c centri -n "__fish_centri_using_subcommand proxy; and __fish_seen_subcommand_from check" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand proxy; and __fish_seen_subcommand_from check" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand proxy; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand proxy; and __fish_seen_subcommand_from check" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand proxy; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c centri -n "__fish_centri_using_subcommand proxy; and __fish_seen_subcommand_from help" -f -a "check" -d 'Send a backend the exact request the server would send for one connect, refresh, subscribe, publish, `sub_refresh`, rpc or shared poll refresh, and show the response, the latency and what the server would decide. Exit 0 allowed, 8 denied (the backend\'s error or disconnect, an expiry, a connect without a result), 6 unreachable or timed out, 1 a bad status or a body that is no proxy response, 2 bad flags'
complete -c centri -n "__fish_centri_using_subcommand proxy; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c centri -n "__fish_centri_using_subcommand bench; and not __fish_seen_subcommand_from fanout pub connect idle churn map push push-floor floor help" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and not __fish_seen_subcommand_from fanout pub connect idle churn map push push-floor floor help" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and not __fish_seen_subcommand_from fanout pub connect idle churn map push push-floor floor help" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and not __fish_seen_subcommand_from fanout pub connect idle churn map push push-floor floor help" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and not __fish_seen_subcommand_from fanout pub connect idle churn map push push-floor floor help" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and not __fish_seen_subcommand_from fanout pub connect idle churn map push push-floor floor help" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand bench; and not __fish_seen_subcommand_from fanout pub connect idle churn map push push-floor floor help" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and not __fish_seen_subcommand_from fanout pub connect idle churn map push push-floor floor help" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand bench; and not __fish_seen_subcommand_from fanout pub connect idle churn map push push-floor floor help" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand bench; and not __fish_seen_subcommand_from fanout pub connect idle churn map push push-floor floor help" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand bench; and not __fish_seen_subcommand_from fanout pub connect idle churn map push push-floor floor help" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand bench; and not __fish_seen_subcommand_from fanout pub connect idle churn map push push-floor floor help" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand bench; and not __fish_seen_subcommand_from fanout pub connect idle churn map push push-floor floor help" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand bench; and not __fish_seen_subcommand_from fanout pub connect idle churn map push push-floor floor help" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand bench; and not __fish_seen_subcommand_from fanout pub connect idle churn map push push-floor floor help" -f -a "fanout" -d 'N subscribers on M channels (client i on channel i mod M); publications through the HTTP API at a rate or as a burst. Reports deliveries/s, publish→receive latency (p50/p90/p99/p99.9), missing and duplicate messages (sequence numbers per channel)'
complete -c centri -n "__fish_centri_using_subcommand bench; and not __fish_seen_subcommand_from fanout pub connect idle churn map push push-floor floor help" -f -a "pub" -d 'Server API publish throughput and request latency (no subscribers)'
complete -c centri -n "__fish_centri_using_subcommand bench; and not __fish_seen_subcommand_from fanout pub connect idle churn map push push-floor floor help" -f -a "connect" -d 'Connection rate (connect + subscribe, until all are in) and, with --server-pid, the server\'s RSS per connection. With --proxy-backend, JWT connects against connects through the server\'s connect proxy, in the same run'
complete -c centri -n "__fish_centri_using_subcommand bench; and not __fish_seen_subcommand_from fanout pub connect idle churn map push push-floor floor help" -f -a "idle" -d 'Hold N idle connections (connected and subscribed) for a duration; with --server-pid, RSS per connection and the server\'s CPU while idle'
complete -c centri -n "__fish_centri_using_subcommand bench; and not __fish_seen_subcommand_from fanout pub connect idle churn map push push-floor floor help" -f -a "churn" -d 'A soak: N clients connect, subscribe, read and leave over and over, some vanishing without a close, some stalling, some sending garbage, while a publisher sends numbered rounds into every channel. Samples the server\'s RSS and open descriptors (with --server-pid) and counts every round a well-behaved client missed'
complete -c centri -n "__fish_centri_using_subcommand bench; and not __fish_seen_subcommand_from fanout pub connect idle churn map push push-floor floor help" -f -a "map" -d 'Initial state delivery of a map channel against a stream channel delivering the same bytes, in the same run: K keys are written into a map through the server API, then N subscribers fetch its state at once as the SDK does (state pages of the largest size the namespace allows, until the server answers live). The baseline: the same K payloads published through the API into a stream channel with N subscribers. Reports the wall time until every subscriber has everything, keys/s, bytes/s, and map ÷ stream'
complete -c centri -n "__fish_centri_using_subcommand bench; and not __fish_seen_subcommand_from fanout pub connect idle churn map push push-floor floor help" -f -a "push" -d 'Push sending throughput: a throwaway server (this binary, `SQLite` store) with N devices per provider on a topic, one `send_push_notification` to it, and loopback FCM and APNs sinks speaking the real protocols (OAuth 2.0 JWT grant, HTTP/2 over TLS, ES256 tokens). The floor is a plain client sending the same N requests to the same sinks with the same concurrency, in the same run. Reports pushes/s and the ratio to the floor, the time from the API call to the first provider request, and the server\'s RSS at two sizes'
complete -c centri -n "__fish_centri_using_subcommand bench; and not __fish_seen_subcommand_from fanout pub connect idle churn map push push-floor floor help" -f -a "push-floor" -d '`bench push`\'s floor in a process of its own (started by `bench push`)'
complete -c centri -n "__fish_centri_using_subcommand bench; and not __fish_seen_subcommand_from fanout pub connect idle churn map push push-floor floor help" -f -a "floor" -d 'Run the baseline broadcaster (the floor) on its own, e.g. pinned to a core, to drive with `--baseline-url URL --baseline-pid PID`. Prints `listening on http://ADDR`'
complete -c centri -n "__fish_centri_using_subcommand bench; and not __fish_seen_subcommand_from fanout pub connect idle churn map push push-floor floor help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from fanout" -s n -l clients -d 'Subscribers' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from fanout" -s m -l channels -d 'Channels (client i subscribes to channel i mod M)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from fanout" -s r -l rate -d 'Publications per second per channel (`50`, `50/s`); default 10' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from fanout" -s d -l duration -d 'How long to publish' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from fanout" -l count -d 'Stop after N publications per channel (or at --duration, whichever is first)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from fanout" -l size -d 'Bytes of publication data (JSON, padded)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from fanout" -l batch -d 'Rounds per API request (`/api/batch` when above 1); default 1, or 16 with --burst' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from fanout" -l concurrency -d 'API requests in flight' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from fanout" -l drain -d 'After the last publication, wait at most this long for deliveries' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from fanout" -l server-pid -d 'The server\'s PID (same machine): its CPU seconds and RSS from /proc' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from fanout" -l baseline-url -d 'Use this floor instead (`centri bench floor`), e.g. pinned to its own core' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from fanout" -l baseline-pid -d 'The external floor\'s PID, for its CPU seconds and RSS' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from fanout" -l token-secret -d 'HMAC secret for the subscribers\' connection tokens (default: --hmac-secret or the context\'s)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from fanout" -l channel-prefix -d 'Channel names are PREFIX0, PREFIX1, ...' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from fanout" -l publish-via -d 'Publish through this server\'s API instead of --server\'s: another node of the same cluster (Redis engine), to measure cross-node fan-out' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from fanout" -l connect-concurrency -d 'WebSocket handshakes in flight while connecting' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from fanout" -l max-rss-per-conn -d 'A gate for CI: exit 8 when the server\'s RSS per connection is above SIZE (`51200`, `50K`, `50KiB`; K = 1024). Needs --server-pid' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from fanout" -l transport -l transports -d 'The subscribers\' transport: `websocket`, or bidirectional emulation over `http_stream` or `sse` (JSON only; the server must enable them). A list (fanout only, e.g. `websocket,http_stream,sse`) runs the workload once per transport against the same server and gives every figure also as a ratio to the first transport\'s' -r -f -a "websocket\t''
http_stream\t''
sse\t''"
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from fanout" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from fanout" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from fanout" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from fanout" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from fanout" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from fanout" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from fanout" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from fanout" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from fanout" -l burst -d 'Publish as fast as the API answers (see --batch and --concurrency)'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from fanout" -l baseline -d 'First run the same workload against an in-process baseline broadcaster (the floor) and report every figure also as a ratio to it. Its CPU is its own thread\'s; RSS per connection needs an external floor (--baseline-url)'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from fanout" -l protobuf -d 'Subscribers speak the Protobuf client protocol (binary WebSocket frames), as the mobile SDKs do. The floor (--baseline) stays JSON: ratios are this server in Protobuf against the JSON floor'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from fanout" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from fanout" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from fanout" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from fanout" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from fanout" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from fanout" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from pub" -s m -l channels -d 'Channels (each round publishes into every one)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from pub" -s r -l rate -d 'Publications per second per channel (`50`, `50/s`); default 10' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from pub" -s d -l duration -d 'How long to publish' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from pub" -l count -d 'Stop after N publications per channel (or at --duration, whichever is first)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from pub" -l size -d 'Bytes of publication data (JSON, padded)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from pub" -l batch -d 'Rounds per API request (`/api/batch` when above 1); default 1, or 16 with --burst' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from pub" -l concurrency -d 'API requests in flight' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from pub" -l server-pid -d 'The server\'s PID (same machine): its CPU seconds and RSS from /proc' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from pub" -l baseline-url -d 'Use this floor instead (`centri bench floor`), e.g. pinned to its own core' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from pub" -l baseline-pid -d 'The external floor\'s PID, for its CPU seconds and RSS' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from pub" -l token-secret -d 'HMAC secret for the subscribers\' connection tokens (default: --hmac-secret or the context\'s)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from pub" -l channel-prefix -d 'Channel names are PREFIX0, PREFIX1, ...' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from pub" -l publish-via -d 'Publish through this server\'s API instead of --server\'s: another node of the same cluster (Redis engine), to measure cross-node fan-out' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from pub" -l connect-concurrency -d 'WebSocket handshakes in flight while connecting' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from pub" -l max-rss-per-conn -d 'A gate for CI: exit 8 when the server\'s RSS per connection is above SIZE (`51200`, `50K`, `50KiB`; K = 1024). Needs --server-pid' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from pub" -l transport -l transports -d 'The subscribers\' transport: `websocket`, or bidirectional emulation over `http_stream` or `sse` (JSON only; the server must enable them). A list (fanout only, e.g. `websocket,http_stream,sse`) runs the workload once per transport against the same server and gives every figure also as a ratio to the first transport\'s' -r -f -a "websocket\t''
http_stream\t''
sse\t''"
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from pub" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from pub" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from pub" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from pub" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from pub" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from pub" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from pub" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from pub" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from pub" -l burst -d 'Publish as fast as the API answers (see --batch and --concurrency)'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from pub" -l baseline -d 'First run the same workload against an in-process baseline broadcaster (the floor) and report every figure also as a ratio to it. Its CPU is its own thread\'s; RSS per connection needs an external floor (--baseline-url)'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from pub" -l protobuf -d 'Subscribers speak the Protobuf client protocol (binary WebSocket frames), as the mobile SDKs do. The floor (--baseline) stays JSON: ratios are this server in Protobuf against the JSON floor'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from pub" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from pub" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from pub" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from pub" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from pub" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from pub" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from connect" -s n -l clients -d 'Connections (each subscribes to one channel)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from connect" -s m -l channels -d 'Channels (client i subscribes to channel i mod M)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from connect" -s d -l duration -d 'How long to hold the connections (idle; connect holds them only to measure)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from connect" -l server-pid -d 'The server\'s PID (same machine): its CPU seconds and RSS from /proc' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from connect" -l baseline-url -d 'Use this floor instead (`centri bench floor`), e.g. pinned to its own core' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from connect" -l baseline-pid -d 'The external floor\'s PID, for its CPU seconds and RSS' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from connect" -l token-secret -d 'HMAC secret for the subscribers\' connection tokens (default: --hmac-secret or the context\'s)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from connect" -l channel-prefix -d 'Channel names are PREFIX0, PREFIX1, ...' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from connect" -l publish-via -d 'Publish through this server\'s API instead of --server\'s: another node of the same cluster (Redis engine), to measure cross-node fan-out' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from connect" -l connect-concurrency -d 'WebSocket handshakes in flight while connecting' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from connect" -l max-rss-per-conn -d 'A gate for CI: exit 8 when the server\'s RSS per connection is above SIZE (`51200`, `50K`, `50KiB`; K = 1024). Needs --server-pid' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from connect" -l transport -l transports -d 'The subscribers\' transport: `websocket`, or bidirectional emulation over `http_stream` or `sse` (JSON only; the server must enable them). A list (fanout only, e.g. `websocket,http_stream,sse`) runs the workload once per transport against the same server and gives every figure also as a ratio to the first transport\'s' -r -f -a "websocket\t''
http_stream\t''
sse\t''"
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from connect" -l proxy-backend -d 'Serve the server\'s connect-proxy backend on ADDR (loopback HOST:PORT) and measure connects through it after the JWT ones; the server\'s client.proxy.connect.endpoint must name ADDR, with the path /connect' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from connect" -l access-controls -d 'Connect again with N blocked users, N revoked tokens and N invalidated users in force (set through the server API for 5 minutes, other users than the bench\'s; the blocks are lifted after), and report connects/s with them on ÷ off' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from connect" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from connect" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from connect" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from connect" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from connect" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from connect" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from connect" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from connect" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from connect" -l baseline -d 'First run the same workload against an in-process baseline broadcaster (the floor) and report every figure also as a ratio to it. Its CPU is its own thread\'s; RSS per connection needs an external floor (--baseline-url)'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from connect" -l protobuf -d 'Subscribers speak the Protobuf client protocol (binary WebSocket frames), as the mobile SDKs do. The floor (--baseline) stays JSON: ratios are this server in Protobuf against the JSON floor'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from connect" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from connect" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from connect" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from connect" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from connect" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from connect" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from idle" -s n -l clients -d 'Connections (each subscribes to one channel)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from idle" -s m -l channels -d 'Channels (client i subscribes to channel i mod M)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from idle" -s d -l duration -d 'How long to hold the connections (idle; connect holds them only to measure)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from idle" -l server-pid -d 'The server\'s PID (same machine): its CPU seconds and RSS from /proc' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from idle" -l baseline-url -d 'Use this floor instead (`centri bench floor`), e.g. pinned to its own core' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from idle" -l baseline-pid -d 'The external floor\'s PID, for its CPU seconds and RSS' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from idle" -l token-secret -d 'HMAC secret for the subscribers\' connection tokens (default: --hmac-secret or the context\'s)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from idle" -l channel-prefix -d 'Channel names are PREFIX0, PREFIX1, ...' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from idle" -l publish-via -d 'Publish through this server\'s API instead of --server\'s: another node of the same cluster (Redis engine), to measure cross-node fan-out' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from idle" -l connect-concurrency -d 'WebSocket handshakes in flight while connecting' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from idle" -l max-rss-per-conn -d 'A gate for CI: exit 8 when the server\'s RSS per connection is above SIZE (`51200`, `50K`, `50KiB`; K = 1024). Needs --server-pid' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from idle" -l transport -l transports -d 'The subscribers\' transport: `websocket`, or bidirectional emulation over `http_stream` or `sse` (JSON only; the server must enable them). A list (fanout only, e.g. `websocket,http_stream,sse`) runs the workload once per transport against the same server and gives every figure also as a ratio to the first transport\'s' -r -f -a "websocket\t''
http_stream\t''
sse\t''"
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from idle" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from idle" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from idle" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from idle" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from idle" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from idle" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from idle" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from idle" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from idle" -l baseline -d 'First run the same workload against an in-process baseline broadcaster (the floor) and report every figure also as a ratio to it. Its CPU is its own thread\'s; RSS per connection needs an external floor (--baseline-url)'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from idle" -l protobuf -d 'Subscribers speak the Protobuf client protocol (binary WebSocket frames), as the mobile SDKs do. The floor (--baseline) stays JSON: ratios are this server in Protobuf against the JSON floor'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from idle" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from idle" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from idle" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from idle" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from idle" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from idle" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from churn" -s n -l clients -d 'Client slots, each one connection at a time' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from churn" -s m -l channels -d 'Channels (slot i subscribes to channel i mod M)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from churn" -s d -l duration -d 'How long to churn' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from churn" -l lifetime -d 'How long a session lasts: a uniform draw from MIN..MAX (`2s..10s`), or one duration' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from churn" -l vanish -d 'Share of sessions that vanish without a close frame (`10%` or `0.1`)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from churn" -l stall -d 'Share of sessions that stop reading' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from churn" -l garbage -d 'Share of sessions that send garbage' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from churn" -l stall-for -d 'How long a stalled session stops reading (longer than the server\'s ping interval plus pong timeout, 25s + 8s by default, so that the server closes it)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from churn" -s r -l rate -d 'Rounds per second (each round publishes into every channel)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from churn" -l size -d 'Bytes of publication data' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from churn" -l sample -d 'Sample the server (and the clients\' counters) this often (default: 10s, or a quarter of a shorter --duration)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from churn" -l warmup -d 'Growth is measured from the first sample after this (default: a fifth of --duration)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from churn" -l max-growth -d 'A gate for CI: exit 8 when the server\'s RSS or open descriptors grow by more than P after the warm-up (`5%`). Needs --server-pid' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from churn" -l server-pid -d 'The server\'s PID (same machine): RSS and open descriptors from /proc' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from churn" -l token-secret -d 'HMAC secret for the connection tokens (default: --hmac-secret or the context\'s)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from churn" -l channel-prefix -d 'Channel names are PREFIX0, PREFIX1, ...' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from churn" -l publish-via -d 'Publish through this server\'s API instead of --server\'s (another node)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from churn" -l connect-concurrency -d 'WebSocket handshakes in flight' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from churn" -l seed -d 'Seed of the behaviour and lifetime draws (default: from the clock; the report gives it)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from churn" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from churn" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from churn" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from churn" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from churn" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from churn" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from churn" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from churn" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from churn" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from churn" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from churn" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from churn" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from churn" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from churn" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from map" -s k -l keys -d 'Keys in the map (the stream gets as many publications)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from map" -l size -d 'Bytes of each value (and of each publication\'s data): JSON, padded to exactly B' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from map" -s n -l clients -d 'Subscribers on each side' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from map" -l map-namespace -d 'The map channel\'s namespace: `subscription_type` "map", open to client subscribe' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from map" -l stream-namespace -d 'The stream channel\'s namespace (default: channels without a namespace)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from map" -l page-size -d 'Entries per state page asked for (default: the largest the namespace allows; the server clamps what is asked between the namespace\'s `map.min_page_size` and `max_page_size`)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from map" -l batch -d 'Keys (and publications) per `/api/batch` request, to fill the map and to publish' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from map" -l concurrency -d 'API requests in flight' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from map" -l stream-window -d 'Publications the stream\'s publisher may be ahead of its subscribers, on average (default: 256 KiB of them; 0: no limit). At least --batch' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from map" -l deadline -d 'Each phase (filling, connecting, delivering) must be done within D, or the run stops and fails naming what was missing' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from map" -l server-pid -d 'The server\'s PID (same machine): its CPU seconds per side, from /proc' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from map" -l token-secret -d 'HMAC secret for the subscribers\' connection tokens (default: --hmac-secret or the context\'s)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from map" -l connect-concurrency -d 'WebSocket handshakes in flight while connecting' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from map" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from map" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from map" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from map" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from map" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from map" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from map" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from map" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from map" -l protobuf -d 'Subscribers speak the Protobuf client protocol (binary WebSocket frames)'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from map" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from map" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from map" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from map" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from map" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from map" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from push" -s n -l devices -d 'Devices per provider, all on one topic' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from push" -l compare-devices -d 'A second, smaller run first, to compare the server\'s RSS against (0: none)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from push" -l providers -d 'The providers to send to' -r -f -a "fcm\t''
apns\t''"
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from push" -l concurrency -d 'Provider requests in flight: the server\'s `push_notifications.concurrency` and the floor\'s' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from push" -l rounds -d 'Sends per provider and size, each followed by the floor\'s; the best round of each side is compared' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from push" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from push" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from push" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from push" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from push" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from push" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from push" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from push" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from push" -l keep -d 'Keep the run\'s directory (config, keys, server log and database) and print its path'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from push" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from push" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from push" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from push" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from push" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from push" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from push-floor" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from push-floor" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from push-floor" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from push-floor" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from push-floor" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from push-floor" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from push-floor" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from push-floor" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from push-floor" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from push-floor" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from push-floor" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from push-floor" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from push-floor" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from push-floor" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from floor" -s p -l port -d 'Port to listen on (0 picks a free one)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from floor" -s a -l address -d 'Address to bind' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from floor" -l duration -d 'Stop after this long (default: at Ctrl-C or SIGTERM)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from floor" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from floor" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from floor" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from floor" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from floor" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from floor" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from floor" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from floor" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from floor" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from floor" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from floor" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from floor" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from floor" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from floor" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from help" -f -a "fanout" -d 'N subscribers on M channels (client i on channel i mod M); publications through the HTTP API at a rate or as a burst. Reports deliveries/s, publish→receive latency (p50/p90/p99/p99.9), missing and duplicate messages (sequence numbers per channel)'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from help" -f -a "pub" -d 'Server API publish throughput and request latency (no subscribers)'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from help" -f -a "connect" -d 'Connection rate (connect + subscribe, until all are in) and, with --server-pid, the server\'s RSS per connection. With --proxy-backend, JWT connects against connects through the server\'s connect proxy, in the same run'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from help" -f -a "idle" -d 'Hold N idle connections (connected and subscribed) for a duration; with --server-pid, RSS per connection and the server\'s CPU while idle'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from help" -f -a "churn" -d 'A soak: N clients connect, subscribe, read and leave over and over, some vanishing without a close, some stalling, some sending garbage, while a publisher sends numbered rounds into every channel. Samples the server\'s RSS and open descriptors (with --server-pid) and counts every round a well-behaved client missed'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from help" -f -a "map" -d 'Initial state delivery of a map channel against a stream channel delivering the same bytes, in the same run: K keys are written into a map through the server API, then N subscribers fetch its state at once as the SDK does (state pages of the largest size the namespace allows, until the server answers live). The baseline: the same K payloads published through the API into a stream channel with N subscribers. Reports the wall time until every subscriber has everything, keys/s, bytes/s, and map ÷ stream'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from help" -f -a "push" -d 'Push sending throughput: a throwaway server (this binary, `SQLite` store) with N devices per provider on a topic, one `send_push_notification` to it, and loopback FCM and APNs sinks speaking the real protocols (OAuth 2.0 JWT grant, HTTP/2 over TLS, ES256 tokens). The floor is a plain client sending the same N requests to the same sinks with the same concurrency, in the same run. Reports pushes/s and the ratio to the floor, the time from the API call to the first provider request, and the server\'s RSS at two sizes'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from help" -f -a "push-floor" -d '`bench push`\'s floor in a process of its own (started by `bench push`)'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from help" -f -a "floor" -d 'Run the baseline broadcaster (the floor) on its own, e.g. pinned to a core, to drive with `--baseline-url URL --baseline-pid PID`. Prints `listening on http://ADDR`'
complete -c centri -n "__fish_centri_using_subcommand bench; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c centri -n "__fish_centri_using_subcommand token; and not __fish_seen_subcommand_from revoke gen sub check decode help" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand token; and not __fish_seen_subcommand_from revoke gen sub check decode help" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand token; and not __fish_seen_subcommand_from revoke gen sub check decode help" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand token; and not __fish_seen_subcommand_from revoke gen sub check decode help" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand token; and not __fish_seen_subcommand_from revoke gen sub check decode help" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand token; and not __fish_seen_subcommand_from revoke gen sub check decode help" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand token; and not __fish_seen_subcommand_from revoke gen sub check decode help" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand token; and not __fish_seen_subcommand_from revoke gen sub check decode help" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand token; and not __fish_seen_subcommand_from revoke gen sub check decode help" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand token; and not __fish_seen_subcommand_from revoke gen sub check decode help" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand token; and not __fish_seen_subcommand_from revoke gen sub check decode help" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand token; and not __fish_seen_subcommand_from revoke gen sub check decode help" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand token; and not __fish_seen_subcommand_from revoke gen sub check decode help" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand token; and not __fish_seen_subcommand_from revoke gen sub check decode help" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand token; and not __fish_seen_subcommand_from revoke gen sub check decode help" -f -a "revoke" -d 'Revoke a token by its `jti` (`revoke_token`): a connection holding it is closed with 3005 and the token refused with 109, so the SDK asks the app for a fresh one. Asks first'
complete -c centri -n "__fish_centri_using_subcommand token; and not __fish_seen_subcommand_from revoke gen sub check decode help" -f -a "gen" -d 'Mint a connection token'
complete -c centri -n "__fish_centri_using_subcommand token; and not __fish_seen_subcommand_from revoke gen sub check decode help" -f -a "sub" -d 'Mint a subscription token for one channel'
complete -c centri -n "__fish_centri_using_subcommand token; and not __fish_seen_subcommand_from revoke gen sub check decode help" -f -a "check" -d 'Verify a token and explain what is wrong with it; exit 8 when invalid'
complete -c centri -n "__fish_centri_using_subcommand token; and not __fish_seen_subcommand_from revoke gen sub check decode help" -f -a "decode" -d 'Show a token\'s header and claims without verifying it'
complete -c centri -n "__fish_centri_using_subcommand token; and not __fish_seen_subcommand_from revoke gen sub check decode help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from revoke" -l for -d 'It ends after this long' -r
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from revoke" -l until -d 'It ends at this unix time (seconds)' -r
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from revoke" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from revoke" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from revoke" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from revoke" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from revoke" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from revoke" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from revoke" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from revoke" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from revoke" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from revoke" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from revoke" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from revoke" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from revoke" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from gen" -s u -l user -r
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from gen" -l ttl -d 'Lifetime (0: no exp)' -r
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from gen" -l channels -d 'Server-side subscriptions (comma-separated)' -r
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from gen" -l info -d 'Connection info (JSON)' -r
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from gen" -l caps -d 'PRO-style capabilities (JSON array)' -r
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from gen" -l aud -d 'Audience claim' -r
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from gen" -l iss -d 'Issuer claim' -r
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from gen" -l jti -d 'Token ID claim (`jti`): what `centri token revoke` takes' -r
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from gen" -l alg -d 'Algorithm (default HS256 with --hmac-secret)' -r -f -a "hs256\t''
hs384\t''
hs512\t''
rs256\t''
rs384\t''
rs512\t''
es256\t''
es384\t''"
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from gen" -l key -d 'PEM key file: private to sign (RS*/ES*), public or private to check' -r
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from gen" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from gen" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from gen" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from gen" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from gen" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from gen" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from gen" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from gen" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from gen" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from gen" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from gen" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from gen" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from gen" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from gen" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from sub" -s u -l user -r
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from sub" -s c -l channel -r
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from sub" -l ttl -r
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from sub" -l info -d 'Channel info (JSON)' -r
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from sub" -l alg -d 'Algorithm (default HS256 with --hmac-secret)' -r -f -a "hs256\t''
hs384\t''
hs512\t''
rs256\t''
rs384\t''
rs512\t''
es256\t''
es384\t''"
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from sub" -l key -d 'PEM key file: private to sign (RS*/ES*), public or private to check' -r
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from sub" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from sub" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from sub" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from sub" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from sub" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from sub" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from sub" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from sub" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from sub" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from sub" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from sub" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from sub" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from sub" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from sub" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from check" -l channel -d 'Check it as a subscription token for this channel' -r
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from check" -l aud -d 'Expected audience' -r
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from check" -l iss -d 'Expected issuer' -r
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from check" -l alg -d 'Algorithm (default HS256 with --hmac-secret)' -r -f -a "hs256\t''
hs384\t''
hs512\t''
rs256\t''
rs384\t''
rs512\t''
es256\t''
es384\t''"
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from check" -l key -d 'PEM key file: private to sign (RS*/ES*), public or private to check' -r
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from check" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from check" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from check" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from check" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from check" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from check" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from check" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from check" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from check" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from check" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from check" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from decode" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from decode" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from decode" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from decode" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from decode" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from decode" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from decode" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from decode" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from decode" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from decode" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from decode" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from decode" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from decode" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from decode" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "revoke" -d 'Revoke a token by its `jti` (`revoke_token`): a connection holding it is closed with 3005 and the token refused with 109, so the SDK asks the app for a fresh one. Asks first'
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "gen" -d 'Mint a connection token'
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "sub" -d 'Mint a subscription token for one channel'
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "check" -d 'Verify a token and explain what is wrong with it; exit 8 when invalid'
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "decode" -d 'Show a token\'s header and claims without verifying it'
complete -c centri -n "__fish_centri_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c centri -n "__fish_centri_using_subcommand context; and not __fish_seen_subcommand_from add ls use show rm help" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand context; and not __fish_seen_subcommand_from add ls use show rm help" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand context; and not __fish_seen_subcommand_from add ls use show rm help" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand context; and not __fish_seen_subcommand_from add ls use show rm help" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand context; and not __fish_seen_subcommand_from add ls use show rm help" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand context; and not __fish_seen_subcommand_from add ls use show rm help" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand context; and not __fish_seen_subcommand_from add ls use show rm help" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand context; and not __fish_seen_subcommand_from add ls use show rm help" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand context; and not __fish_seen_subcommand_from add ls use show rm help" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand context; and not __fish_seen_subcommand_from add ls use show rm help" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand context; and not __fish_seen_subcommand_from add ls use show rm help" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand context; and not __fish_seen_subcommand_from add ls use show rm help" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand context; and not __fish_seen_subcommand_from add ls use show rm help" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand context; and not __fish_seen_subcommand_from add ls use show rm help" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand context; and not __fish_seen_subcommand_from add ls use show rm help" -f -a "add" -d 'Add or replace a context (and make it current if it is the first)'
complete -c centri -n "__fish_centri_using_subcommand context; and not __fish_seen_subcommand_from add ls use show rm help" -f -a "ls" -d 'List contexts (secrets masked)'
complete -c centri -n "__fish_centri_using_subcommand context; and not __fish_seen_subcommand_from add ls use show rm help" -f -a "use" -d 'Make a context current'
complete -c centri -n "__fish_centri_using_subcommand context; and not __fish_seen_subcommand_from add ls use show rm help" -f -a "show" -d 'Show a context (default: the current one), secrets masked'
complete -c centri -n "__fish_centri_using_subcommand context; and not __fish_seen_subcommand_from add ls use show rm help" -f -a "rm" -d 'Remove a context'
complete -c centri -n "__fish_centri_using_subcommand context; and not __fish_seen_subcommand_from add ls use show rm help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from add" -l server -r
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from add" -l api-key -r
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from add" -l admin-key -r
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from add" -l hmac-secret -r
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from add" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from add" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from add" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from add" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from add" -l read-only -d 'Refuse mutating commands in this context'
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from add" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from add" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from add" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from ls" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from ls" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from ls" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from ls" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from ls" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from ls" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from ls" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from ls" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from ls" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from ls" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from use" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from use" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from use" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from use" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from use" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from use" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from use" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from use" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from use" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from use" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from use" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from use" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from use" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from use" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from show" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from show" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from show" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from show" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from show" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from show" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from show" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from show" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from rm" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from rm" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from rm" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from rm" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from rm" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from rm" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from rm" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from rm" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from rm" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from rm" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from rm" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from rm" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from rm" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add or replace a context (and make it current if it is the first)'
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from help" -f -a "ls" -d 'List contexts (secrets masked)'
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from help" -f -a "use" -d 'Make a context current'
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show a context (default: the current one), secrets masked'
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from help" -f -a "rm" -d 'Remove a context'
complete -c centri -n "__fish_centri_using_subcommand context; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c centri -n "__fish_centri_using_subcommand login" -l issuer -d 'The OIDC provider\'s issuer URL (default: what the server\'s `admin.oidc` names)' -r
complete -c centri -n "__fish_centri_using_subcommand login" -l client-id -d 'The OAuth client to sign in with (default: the server\'s `admin.oidc.client_id`)' -r
complete -c centri -n "__fish_centri_using_subcommand login" -l audience -d 'The resource the access token is for, sent as RFC 8707 `resource` (default: the server\'s admin.oidc.audience)' -r
complete -c centri -n "__fish_centri_using_subcommand login" -l scope -d 'Scopes to ask for' -r
complete -c centri -n "__fish_centri_using_subcommand login" -l wait -d 'How long to wait for the sign-in in the browser or on the other device' -r
complete -c centri -n "__fish_centri_using_subcommand login" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand login" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand login" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand login" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand login" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand login" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand login" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand login" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand login" -l device -d 'Sign in with the device flow: a code to enter on any device (terminals, SSH sessions)'
complete -c centri -n "__fish_centri_using_subcommand login" -l browser -d 'Sign in in a browser on this machine (authorization code with PKCE on a loopback redirect). Opens $BROWSER, else xdg-open (open on macOS)'
complete -c centri -n "__fish_centri_using_subcommand login" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand login" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand login" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand login" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand login" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand login" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand logout" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand logout" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand logout" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand logout" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand logout" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand logout" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand logout" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand logout" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand logout" -l keep-remote -d 'Only forget the tokens here; do not revoke the refresh token at the provider'
complete -c centri -n "__fish_centri_using_subcommand logout" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand logout" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand logout" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand logout" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand logout" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand logout" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand config; and not __fish_seen_subcommand_from init check show help" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand config; and not __fish_seen_subcommand_from init check show help" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand config; and not __fish_seen_subcommand_from init check show help" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand config; and not __fish_seen_subcommand_from init check show help" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand config; and not __fish_seen_subcommand_from init check show help" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand config; and not __fish_seen_subcommand_from init check show help" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand config; and not __fish_seen_subcommand_from init check show help" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand config; and not __fish_seen_subcommand_from init check show help" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand config; and not __fish_seen_subcommand_from init check show help" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand config; and not __fish_seen_subcommand_from init check show help" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand config; and not __fish_seen_subcommand_from init check show help" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand config; and not __fish_seen_subcommand_from init check show help" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand config; and not __fish_seen_subcommand_from init check show help" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand config; and not __fish_seen_subcommand_from init check show help" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand config; and not __fish_seen_subcommand_from init check show help" -f -a "init" -d 'Write a starter config with fresh secrets'
complete -c centri -n "__fish_centri_using_subcommand config; and not __fish_seen_subcommand_from init check show help" -f -a "check" -d 'Validate a config with the server\'s own parser; exit 8 when invalid'
complete -c centri -n "__fish_centri_using_subcommand config; and not __fish_seen_subcommand_from init check show help" -f -a "show" -d 'Print the effective config (file + environment), secrets masked'
complete -c centri -n "__fish_centri_using_subcommand config; and not __fish_seen_subcommand_from init check show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c centri -n "__fish_centri_using_subcommand config; and __fish_seen_subcommand_from init" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand config; and __fish_seen_subcommand_from init" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand config; and __fish_seen_subcommand_from init" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand config; and __fish_seen_subcommand_from init" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand config; and __fish_seen_subcommand_from init" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand config; and __fish_seen_subcommand_from init" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand config; and __fish_seen_subcommand_from init" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand config; and __fish_seen_subcommand_from init" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand config; and __fish_seen_subcommand_from init" -l force -d 'Overwrite an existing file'
complete -c centri -n "__fish_centri_using_subcommand config; and __fish_seen_subcommand_from init" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand config; and __fish_seen_subcommand_from init" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand config; and __fish_seen_subcommand_from init" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand config; and __fish_seen_subcommand_from init" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand config; and __fish_seen_subcommand_from init" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand config; and __fish_seen_subcommand_from init" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand config; and __fish_seen_subcommand_from check" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand config; and __fish_seen_subcommand_from check" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand config; and __fish_seen_subcommand_from check" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand config; and __fish_seen_subcommand_from check" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand config; and __fish_seen_subcommand_from check" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand config; and __fish_seen_subcommand_from check" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand config; and __fish_seen_subcommand_from check" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand config; and __fish_seen_subcommand_from check" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand config; and __fish_seen_subcommand_from check" -l strict -d 'Unknown keys are errors, not warnings'
complete -c centri -n "__fish_centri_using_subcommand config; and __fish_seen_subcommand_from check" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand config; and __fish_seen_subcommand_from check" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand config; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand config; and __fish_seen_subcommand_from check" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand config; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand config; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand config; and __fish_seen_subcommand_from show" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand config; and __fish_seen_subcommand_from show" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand config; and __fish_seen_subcommand_from show" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand config; and __fish_seen_subcommand_from show" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand config; and __fish_seen_subcommand_from show" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand config; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand config; and __fish_seen_subcommand_from show" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand config; and __fish_seen_subcommand_from show" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand config; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand config; and __fish_seen_subcommand_from show" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand config; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand config; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand config; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand config; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "init" -d 'Write a starter config with fresh secrets'
complete -c centri -n "__fish_centri_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "check" -d 'Validate a config with the server\'s own parser; exit 8 when invalid'
complete -c centri -n "__fish_centri_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print the effective config (file + environment), secrets masked'
complete -c centri -n "__fish_centri_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c centri -n "__fish_centri_using_subcommand codes" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand codes" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand codes" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand codes" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand codes" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand codes" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand codes" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand codes" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand codes" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand codes" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand codes" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand codes" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand codes" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand codes" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand doctor" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand doctor" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand doctor" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand doctor" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand doctor" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand doctor" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand doctor" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand doctor" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand doctor" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand doctor" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand doctor" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand doctor" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand doctor" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand doctor" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand completions" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand completions" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand completions" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand completions" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand completions" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand completions" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand completions" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand completions" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand completions" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand completions" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand completions" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand completions" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand completions" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand completions" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand version" -s C -l context -d 'Named context to use (see `centri context`)' -r
complete -c centri -n "__fish_centri_using_subcommand version" -s s -l server -d 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)' -r
complete -c centri -n "__fish_centri_using_subcommand version" -l api-key -d 'Server API key (`http_api.key`)' -r
complete -c centri -n "__fish_centri_using_subcommand version" -l admin-key -d 'Admin key (admin endpoints)' -r
complete -c centri -n "__fish_centri_using_subcommand version" -l hmac-secret -d 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)' -r
complete -c centri -n "__fish_centri_using_subcommand version" -s o -l output -d 'Output format: table on a terminal, json when piped' -r -f -a "table\t''
json\t''
ndjson\t''"
complete -c centri -n "__fish_centri_using_subcommand version" -l timeout -d 'Request timeout, e.g. 5s, 500ms' -r
complete -c centri -n "__fish_centri_using_subcommand version" -l color -d 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c centri -n "__fish_centri_using_subcommand version" -l no-input -d 'Never prompt (on by itself when stdin is not a terminal or CI is set)'
complete -c centri -n "__fish_centri_using_subcommand version" -s y -l yes -d 'Answer yes to confirmations'
complete -c centri -n "__fish_centri_using_subcommand version" -s q -l quiet -d 'Print only data, no notices'
complete -c centri -n "__fish_centri_using_subcommand version" -s v -l verbose -d 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)'
complete -c centri -n "__fish_centri_using_subcommand version" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand version" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand help; and not __fish_seen_subcommand_from serve dash pub broadcast channel user map sub trace conn node api ratelimit push explain proxy bench token context login logout config codes doctor completions version help" -f -a "serve" -d 'Run the bundled Centrifugo-compatible server'
complete -c centri -n "__fish_centri_using_subcommand help; and not __fish_seen_subcommand_from serve dash pub broadcast channel user map sub trace conn node api ratelimit push explain proxy bench token context login logout config codes doctor completions version help" -f -a "dash" -d 'Live terminal dashboard: nodes and rates, channels, connections, a live trace, rate limits (editable), user status, permission explain and push devices, over the same API as the CLI'
complete -c centri -n "__fish_centri_using_subcommand help; and not __fish_seen_subcommand_from serve dash pub broadcast channel user map sub trace conn node api ratelimit push explain proxy bench token context login logout config codes doctor completions version help" -f -a "pub" -d 'Publish into a channel through the server API'
complete -c centri -n "__fish_centri_using_subcommand help; and not __fish_seen_subcommand_from serve dash pub broadcast channel user map sub trace conn node api ratelimit push explain proxy bench token context login logout config codes doctor completions version help" -f -a "broadcast" -d 'Publish the same data into several channels'
complete -c centri -n "__fish_centri_using_subcommand help; and not __fish_seen_subcommand_from serve dash pub broadcast channel user map sub trace conn node api ratelimit push explain proxy bench token context login logout config codes doctor completions version help" -f -a "channel" -d 'Channels: list, presence, stats, history, history removal, resolution'
complete -c centri -n "__fish_centri_using_subcommand help; and not __fish_seen_subcommand_from serve dash pub broadcast channel user map sub trace conn node api ratelimit push explain proxy bench token context login logout config codes doctor completions version help" -f -a "user" -d 'Users: status (online, active, away), touch, forget, disconnect'
complete -c centri -n "__fish_centri_using_subcommand help; and not __fish_seen_subcommand_from serve dash pub broadcast channel user map sub trace conn node api ratelimit push explain proxy bench token context login logout config codes doctor completions version help" -f -a "map" -d 'Map channels (keyed state): read the state and the stream of changes, set and remove keys, count them, clear them'
complete -c centri -n "__fish_centri_using_subcommand help; and not __fish_seen_subcommand_from serve dash pub broadcast channel user map sub trace conn node api ratelimit push explain proxy bench token context login logout config codes doctor completions version help" -f -a "sub" -d 'Subscribe as a real WebSocket client (protocol v2) and print what arrives'
complete -c centri -n "__fish_centri_using_subcommand help; and not __fish_seen_subcommand_from serve dash pub broadcast channel user map sub trace conn node api ratelimit push explain proxy bench token context login logout config codes doctor completions version help" -f -a "trace" -d 'Live trace of everything that touches a user or a channel'
complete -c centri -n "__fish_centri_using_subcommand help; and not __fish_seen_subcommand_from serve dash pub broadcast channel user map sub trace conn node api ratelimit push explain proxy bench token context login logout config codes doctor completions version help" -f -a "conn" -d 'Connections: list, inspect, disconnect'
complete -c centri -n "__fish_centri_using_subcommand help; and not __fish_seen_subcommand_from serve dash pub broadcast channel user map sub trace conn node api ratelimit push explain proxy bench token context login logout config codes doctor completions version help" -f -a "node" -d 'Nodes: list with their numbers, health'
complete -c centri -n "__fish_centri_using_subcommand help; and not __fish_seen_subcommand_from serve dash pub broadcast channel user map sub trace conn node api ratelimit push explain proxy bench token context login logout config codes doctor completions version help" -f -a "api" -d 'Call any server API method with a raw JSON body'
complete -c centri -n "__fish_centri_using_subcommand help; and not __fish_seen_subcommand_from serve dash pub broadcast channel user map sub trace conn node api ratelimit push explain proxy bench token context login logout config codes doctor completions version help" -f -a "ratelimit" -d 'Operation rate limits: view, edit live, dry-run, history, offline simulation'
complete -c centri -n "__fish_centri_using_subcommand help; and not __fish_seen_subcommand_from serve dash pub broadcast channel user map sub trace conn node api ratelimit push explain proxy bench token context login logout config codes doctor completions version help" -f -a "push" -d 'Push notification registry (Centrifugo PRO\'s device and topic API): devices and the topics of devices and users'
complete -c centri -n "__fish_centri_using_subcommand help; and not __fish_seen_subcommand_from serve dash pub broadcast channel user map sub trace conn node api ratelimit push explain proxy bench token context login logout config codes doctor completions version help" -f -a "explain" -d 'Why a user may or may not subscribe, publish, read history or presence on a channel: the server\'s ordered permission checks, with the one that decided. Exit 0 allowed, 8 denied'
complete -c centri -n "__fish_centri_using_subcommand help; and not __fish_seen_subcommand_from serve dash pub broadcast channel user map sub trace conn node api ratelimit push explain proxy bench token context login logout config codes doctor completions version help" -f -a "proxy" -d 'Proxies to the application backend: check a backend\'s side of the contract with the exact requests the server sends (HTTP or GRPC)'
complete -c centri -n "__fish_centri_using_subcommand help; and not __fish_seen_subcommand_from serve dash pub broadcast channel user map sub trace conn node api ratelimit push explain proxy bench token context login logout config codes doctor completions version help" -f -a "bench" -d 'Load generator: real WebSocket subscribers (protocol v2, minted tokens) and API publishers; deliveries/s, latency percentiles, missing and duplicate messages, server CPU and RSS, each also as a ratio to a baseline broadcaster run in the same invocation'
complete -c centri -n "__fish_centri_using_subcommand help; and not __fish_seen_subcommand_from serve dash pub broadcast channel user map sub trace conn node api ratelimit push explain proxy bench token context login logout config codes doctor completions version help" -f -a "token" -d 'Mint, check and decode JWTs (HMAC, RSA, ECDSA)'
complete -c centri -n "__fish_centri_using_subcommand help; and not __fish_seen_subcommand_from serve dash pub broadcast channel user map sub trace conn node api ratelimit push explain proxy bench token context login logout config codes doctor completions version help" -f -a "context" -d 'Named connection settings (server, keys) in a 0600 file'
complete -c centri -n "__fish_centri_using_subcommand help; and not __fish_seen_subcommand_from serve dash pub broadcast channel user map sub trace conn node api ratelimit push explain proxy bench token context login logout config codes doctor completions version help" -f -a "login" -d 'Sign in to the server\'s admin endpoints with your company\'s OIDC provider (the server\'s admin.oidc): the tokens go into the context, and trace, ratelimit, explain and dash use them when no admin key is set, refreshing them as they expire'
complete -c centri -n "__fish_centri_using_subcommand help; and not __fish_seen_subcommand_from serve dash pub broadcast channel user map sub trace conn node api ratelimit push explain proxy bench token context login logout config codes doctor completions version help" -f -a "logout" -d 'Forget the context\'s sign-in and revoke its refresh token at the provider'
complete -c centri -n "__fish_centri_using_subcommand help; and not __fish_seen_subcommand_from serve dash pub broadcast channel user map sub trace conn node api ratelimit push explain proxy bench token context login logout config codes doctor completions version help" -f -a "config" -d 'Create, validate and show Centrifugo v6 config files'
complete -c centri -n "__fish_centri_using_subcommand help; and not __fish_seen_subcommand_from serve dash pub broadcast channel user map sub trace conn node api ratelimit push explain proxy bench token context login logout config codes doctor completions version help" -f -a "codes" -d 'What a client, API, unsubscribe or disconnect code means'
complete -c centri -n "__fish_centri_using_subcommand help; and not __fish_seen_subcommand_from serve dash pub broadcast channel user map sub trace conn node api ratelimit push explain proxy bench token context login logout config codes doctor completions version help" -f -a "doctor" -d 'Check reachability, auth, version, latency and clock skew of a server'
complete -c centri -n "__fish_centri_using_subcommand help; and not __fish_seen_subcommand_from serve dash pub broadcast channel user map sub trace conn node api ratelimit push explain proxy bench token context login logout config codes doctor completions version help" -f -a "completions" -d 'Print a shell completion script'
complete -c centri -n "__fish_centri_using_subcommand help; and not __fish_seen_subcommand_from serve dash pub broadcast channel user map sub trace conn node api ratelimit push explain proxy bench token context login logout config codes doctor completions version help" -f -a "version" -d 'Print the version'
complete -c centri -n "__fish_centri_using_subcommand help; and not __fish_seen_subcommand_from serve dash pub broadcast channel user map sub trace conn node api ratelimit push explain proxy bench token context login logout config codes doctor completions version help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from channel" -f -a "ls" -d 'Channels with subscribers (cluster-wide)'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from channel" -f -a "presence" -d 'Who is subscribed (needs presence on in the namespace)'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from channel" -f -a "stats" -d 'Number of clients and unique users subscribed'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from channel" -f -a "history" -d 'Publications kept in history'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from channel" -f -a "history-rm" -d 'Remove a channel\'s history (the stream position stays). Asks first'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from channel" -f -a "resolve" -d 'Namespace and effective options of a channel, from the server or a config file'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "status" -d 'Online, active and away status of users (needs `user_status.enabled` on the server)'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "touch" -d 'Mark users active now (`update_user_status`), optionally setting their state'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "forget" -d 'Forget users\' statuses (`delete_user_status`). Asks first'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "disconnect" -d 'Disconnect every connection of a user. Asks first'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "block" -d 'Block a user (`block_user`): their connections on every node are closed with 3503 and their connects refused until the block ends. Asks first'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "unblock" -d 'Lift a user\'s block (`unblock_user`)'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "invalidate-tokens" -d 'Refuse every token of a user issued before a time (`invalidate_user_tokens`): live connections holding one are closed with 3005, and the SDK asks the app for a fresh token. Asks first'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "access" -d 'The access controls in force (centri\'s `access_list`): blocked users, revoked tokens, invalidated tokens'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from map" -f -a "state" -d 'The keys of a map channel and their values, following the server\'s pages (`-o ndjson` prints each entry as its page arrives)'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from map" -f -a "stream" -d 'The stream of changes of a recoverable or persistent map (writes and removals, with offsets)'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from map" -f -a "publish" -d 'Set a key\'s value (server API `map_publish`)'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from map" -f -a "rm" -d 'Remove a key (server API `map_remove`)'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from map" -f -a "stats" -d 'The number of keys'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from map" -f -a "clear" -d 'Forget a map channel\'s keys and stream (asks first)'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from trace" -f -a "user" -d 'Everything a user\'s connections do and receive'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from trace" -f -a "channel" -d 'Every message flowing towards a channel\'s subscribers, plus its joins, leaves and calls'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from trace" -f -a "replay" -d 'Print a recorded trace, optionally filtered'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from conn" -f -a "ls" -d 'Connections of a user (or all), newest first'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from conn" -f -a "show" -d 'One connection in detail'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from conn" -f -a "disconnect" -d 'Disconnect one connection. Asks first'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from node" -f -a "ls" -d 'Nodes with clients, users, channels, subscriptions and uptime, plus a total'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from node" -f -a "health" -d 'Health of the server (`/health` and the API); exit 8 when unhealthy'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from ratelimit" -f -a "show" -d 'Effective limits (file plus live edits) and the most recent rejections'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from ratelimit" -f -a "set" -d 'Set buckets live, e.g. `client_command.publish=10/1s`. Shows the change and asks first'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from ratelimit" -f -a "rm" -d 'Remove live edits: the config file\'s value applies again. Asks first'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from ratelimit" -f -a "dry-run" -d 'Count would-be rejections without rejecting (all limiters, one limiter or one op)'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from ratelimit" -f -a "history" -d 'Applied live edits: when, who, and each key\'s old and new value'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from ratelimit" -f -a "simulate" -d 'Drive the real limiter offline: what one connection sending OP at RATE would see'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from ratelimit" -f -a "check" -d 'Check and take tokens of an arbitrary key (server API `rate_limit`), as a backend would before sending an SMS. Exit 0 allowed, 7 rate limited'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from push" -f -a "device" -d 'Devices: register, list, show, update, remove'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from push" -f -a "topic" -d 'Topics of one device or one user (a user\'s topics reach all of the user\'s devices)'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from push" -f -a "send" -d 'Send a push notification to devices (by user, topic, id) or to provider tokens and topics: prints the send\'s uid'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from push" -f -a "status" -d 'What a send came to: its state, progress, per-provider counts and errors by reason. Exit 5 when there is no such send'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from push" -f -a "cancel" -d 'Cancel a send that has not ended: what is not sent yet is not sent. Exit 5 when there is no such send or it has ended'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from push" -f -a "sends" -d 'The latest sends, newest first'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from proxy" -f -a "check" -d 'Send a backend the exact request the server would send for one connect, refresh, subscribe, publish, `sub_refresh`, rpc or shared poll refresh, and show the response, the latency and what the server would decide. Exit 0 allowed, 8 denied (the backend\'s error or disconnect, an expiry, a connect without a result), 6 unreachable or timed out, 1 a bad status or a body that is no proxy response, 2 bad flags'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from bench" -f -a "fanout" -d 'N subscribers on M channels (client i on channel i mod M); publications through the HTTP API at a rate or as a burst. Reports deliveries/s, publish→receive latency (p50/p90/p99/p99.9), missing and duplicate messages (sequence numbers per channel)'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from bench" -f -a "pub" -d 'Server API publish throughput and request latency (no subscribers)'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from bench" -f -a "connect" -d 'Connection rate (connect + subscribe, until all are in) and, with --server-pid, the server\'s RSS per connection. With --proxy-backend, JWT connects against connects through the server\'s connect proxy, in the same run'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from bench" -f -a "idle" -d 'Hold N idle connections (connected and subscribed) for a duration; with --server-pid, RSS per connection and the server\'s CPU while idle'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from bench" -f -a "churn" -d 'A soak: N clients connect, subscribe, read and leave over and over, some vanishing without a close, some stalling, some sending garbage, while a publisher sends numbered rounds into every channel. Samples the server\'s RSS and open descriptors (with --server-pid) and counts every round a well-behaved client missed'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from bench" -f -a "map" -d 'Initial state delivery of a map channel against a stream channel delivering the same bytes, in the same run: K keys are written into a map through the server API, then N subscribers fetch its state at once as the SDK does (state pages of the largest size the namespace allows, until the server answers live). The baseline: the same K payloads published through the API into a stream channel with N subscribers. Reports the wall time until every subscriber has everything, keys/s, bytes/s, and map ÷ stream'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from bench" -f -a "push" -d 'Push sending throughput: a throwaway server (this binary, `SQLite` store) with N devices per provider on a topic, one `send_push_notification` to it, and loopback FCM and APNs sinks speaking the real protocols (OAuth 2.0 JWT grant, HTTP/2 over TLS, ES256 tokens). The floor is a plain client sending the same N requests to the same sinks with the same concurrency, in the same run. Reports pushes/s and the ratio to the floor, the time from the API call to the first provider request, and the server\'s RSS at two sizes'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from bench" -f -a "push-floor" -d '`bench push`\'s floor in a process of its own (started by `bench push`)'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from bench" -f -a "floor" -d 'Run the baseline broadcaster (the floor) on its own, e.g. pinned to a core, to drive with `--baseline-url URL --baseline-pid PID`. Prints `listening on http://ADDR`'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "revoke" -d 'Revoke a token by its `jti` (`revoke_token`): a connection holding it is closed with 3005 and the token refused with 109, so the SDK asks the app for a fresh one. Asks first'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "gen" -d 'Mint a connection token'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "sub" -d 'Mint a subscription token for one channel'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "check" -d 'Verify a token and explain what is wrong with it; exit 8 when invalid'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "decode" -d 'Show a token\'s header and claims without verifying it'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from context" -f -a "add" -d 'Add or replace a context (and make it current if it is the first)'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from context" -f -a "ls" -d 'List contexts (secrets masked)'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from context" -f -a "use" -d 'Make a context current'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from context" -f -a "show" -d 'Show a context (default: the current one), secrets masked'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from context" -f -a "rm" -d 'Remove a context'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "init" -d 'Write a starter config with fresh secrets'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "check" -d 'Validate a config with the server\'s own parser; exit 8 when invalid'
complete -c centri -n "__fish_centri_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "show" -d 'Print the effective config (file + environment), secrets masked'
