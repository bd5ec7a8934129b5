
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'centri' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'centri'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'centri' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run the bundled Centrifugo-compatible server')
            [CompletionResult]::new('dash', 'dash', [CompletionResultType]::ParameterValue, 'Live terminal dashboard: nodes and rates, channels, connections, a live trace, rate limits (editable), user status, permission explain and push devices, over the same API as the CLI')
            [CompletionResult]::new('pub', 'pub', [CompletionResultType]::ParameterValue, 'Publish into a channel through the server API')
            [CompletionResult]::new('broadcast', 'broadcast', [CompletionResultType]::ParameterValue, 'Publish the same data into several channels')
            [CompletionResult]::new('channel', 'channel', [CompletionResultType]::ParameterValue, 'Channels: list, presence, stats, history, history removal, resolution')
            [CompletionResult]::new('user', 'user', [CompletionResultType]::ParameterValue, 'Users: status (online, active, away), touch, forget, disconnect')
            [CompletionResult]::new('map', 'map', [CompletionResultType]::ParameterValue, 'Map channels (keyed state): read the state and the stream of changes, set and remove keys, count them, clear them')
            [CompletionResult]::new('sub', 'sub', [CompletionResultType]::ParameterValue, 'Subscribe as a real WebSocket client (protocol v2) and print what arrives')
            [CompletionResult]::new('trace', 'trace', [CompletionResultType]::ParameterValue, 'Live trace of everything that touches a user or a channel')
            [CompletionResult]::new('conn', 'conn', [CompletionResultType]::ParameterValue, 'Connections: list, inspect, disconnect')
            [CompletionResult]::new('node', 'node', [CompletionResultType]::ParameterValue, 'Nodes: list with their numbers, health')
            [CompletionResult]::new('api', 'api', [CompletionResultType]::ParameterValue, 'Call any server API method with a raw JSON body')
            [CompletionResult]::new('ratelimit', 'ratelimit', [CompletionResultType]::ParameterValue, 'Operation rate limits: view, edit live, dry-run, history, offline simulation')
            [CompletionResult]::new('rl', 'rl', [CompletionResultType]::ParameterValue, 'Operation rate limits: view, edit live, dry-run, history, offline simulation')
            [CompletionResult]::new('push', 'push', [CompletionResultType]::ParameterValue, 'Push notification registry (Centrifugo PRO''s device and topic API): devices and the topics of devices and users')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Why a user may or may not subscribe, publish, read history or presence on a channel: the server''s ordered permission checks, with the one that decided. Exit 0 allowed, 8 denied')
            [CompletionResult]::new('proxy', 'proxy', [CompletionResultType]::ParameterValue, 'Proxies to the application backend: check a backend''s side of the contract with the exact requests the server sends (HTTP or GRPC)')
            [CompletionResult]::new('bench', 'bench', [CompletionResultType]::ParameterValue, 'Load generator: real WebSocket subscribers (protocol v2, minted tokens) and API publishers; deliveries/s, latency percentiles, missing and duplicate messages, server CPU and RSS, each also as a ratio to a baseline broadcaster run in the same invocation')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Mint, check and decode JWTs (HMAC, RSA, ECDSA)')
            [CompletionResult]::new('context', 'context', [CompletionResultType]::ParameterValue, 'Named connection settings (server, keys) in a 0600 file')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Sign in to the server''s admin endpoints with your company''s OIDC provider (the server''s admin.oidc): the tokens go into the context, and trace, ratelimit, explain and dash use them when no admin key is set, refreshing them as they expire')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Forget the context''s sign-in and revoke its refresh token at the provider')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Create, validate and show Centrifugo v6 config files')
            [CompletionResult]::new('codes', 'codes', [CompletionResultType]::ParameterValue, 'What a client, API, unsubscribe or disconnect code means')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check reachability, auth, version, latency and clock skew of a server')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('version', 'version', [CompletionResultType]::ParameterValue, 'Print the version')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'centri;serve' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A Centrifugo v6 JSON config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A Centrifugo v6 JSON config file')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Port to listen on (0 picks a free one); overrides `http_server.port`')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Port to listen on (0 picks a free one); overrides `http_server.port`')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Address to bind; overrides `http_server.address`')
            [CompletionResult]::new('--address', '--address', [CompletionResultType]::ParameterName, 'Address to bind; overrides `http_server.address`')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Where live edits (rate limits) and --dev''s keys persist. Default: `<config>.centri-data` beside the config file, or `$XDG_STATE_HOME/centri` without one')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--dev', '--dev', [CompletionResultType]::ParameterName, 'INSECURE development mode: made-up keys, every channel open to every client, 127.0.0.1 only. The keys are kept in the data directory (`dev-keys.json`) and reused on the next start, so tokens and contexts keep working across restarts')
            [CompletionResult]::new('--rotate-dev-keys', '--rotate-dev-keys', [CompletionResultType]::ParameterName, 'With --dev: mint new keys instead of reusing the kept ones (deleting `dev-keys.json` in the data directory does the same)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;dash' {
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'How often to poll the server')
            [CompletionResult]::new('--view', '--view', [CompletionResultType]::ParameterName, 'The view to open with')
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Where to log (default: `$XDG_STATE_HOME/centri/dash.log`); never to the screen')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Turn off every key that changes the server (rate-limit edits, dry-run, disconnect)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;pub' {
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Publish N times; `{{ n }}` in the data becomes 1..N')
            [CompletionResult]::new('--tags', '--tags', [CompletionResultType]::ParameterName, 'Tags, repeatable: --tags k=v')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'De-duplicate retries with this key (5 minutes)')
            [CompletionResult]::new('--pub-version', '--pub-version', [CompletionResultType]::ParameterName, 'The publication''s version (the API''s `version`): with history on, the server drops it unless it is newer than the channel''s last version (`--version` is taken by the program''s own version)')
            [CompletionResult]::new('--version-epoch', '--version-epoch', [CompletionResultType]::ParameterName, 'The epoch of `--pub-version`: a version in another epoch is not compared')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--skip-history', '--skip-history', [CompletionResultType]::ParameterName, 'Do not store the publication in history')
            [CompletionResult]::new('--delta', '--delta', [CompletionResultType]::ParameterName, 'May go as a fossil delta to subscribers that negotiated delta compression (see `centri sub --delta`)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;broadcast' {
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'The data (JSON, `@file` or `-`); then every positional argument is a channel')
            [CompletionResult]::new('--tags', '--tags', [CompletionResultType]::ParameterName, 'Tags, repeatable: --tags k=v')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'De-duplicate retries with this key (5 minutes)')
            [CompletionResult]::new('--pub-version', '--pub-version', [CompletionResultType]::ParameterName, 'The publication''s version (the API''s `version`): with history on, the server drops it unless it is newer than the channel''s last version (`--version` is taken by the program''s own version)')
            [CompletionResult]::new('--version-epoch', '--version-epoch', [CompletionResultType]::ParameterName, 'The epoch of `--pub-version`: a version in another epoch is not compared')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--skip-history', '--skip-history', [CompletionResultType]::ParameterName, 'Do not store the publication in history')
            [CompletionResult]::new('--delta', '--delta', [CompletionResultType]::ParameterName, 'May go as a fossil delta to subscribers that negotiated delta compression (see `centri sub --delta`)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;channel' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'Channels with subscribers (cluster-wide)')
            [CompletionResult]::new('presence', 'presence', [CompletionResultType]::ParameterValue, 'Who is subscribed (needs presence on in the namespace)')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Number of clients and unique users subscribed')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Publications kept in history')
            [CompletionResult]::new('history-rm', 'history-rm', [CompletionResultType]::ParameterValue, 'Remove a channel''s history (the stream position stays). Asks first')
            [CompletionResult]::new('resolve', 'resolve', [CompletionResultType]::ParameterValue, 'Namespace and effective options of a channel, from the server or a config file')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'centri;channel;ls' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Glob pattern, e.g. `chat:*`')
            [CompletionResult]::new('--pattern', '--pattern', [CompletionResultType]::ParameterName, 'Glob pattern, e.g. `chat:*`')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;channel;presence' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;channel;stats' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;channel;history' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'How many (-1: all kept; default 10)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'How many (-1: all kept; default 10)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only after this position: OFFSET or OFFSET:EPOCH')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--reverse', '--reverse', [CompletionResultType]::ParameterName, 'Newest first')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;channel;history-rm' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;channel;resolve' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Resolve offline against this Centrifugo config instead of asking the server')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Resolve offline against this Centrifugo config instead of asking the server')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;channel;help' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'Channels with subscribers (cluster-wide)')
            [CompletionResult]::new('presence', 'presence', [CompletionResultType]::ParameterValue, 'Who is subscribed (needs presence on in the namespace)')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Number of clients and unique users subscribed')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Publications kept in history')
            [CompletionResult]::new('history-rm', 'history-rm', [CompletionResultType]::ParameterValue, 'Remove a channel''s history (the stream position stays). Asks first')
            [CompletionResult]::new('resolve', 'resolve', [CompletionResultType]::ParameterValue, 'Namespace and effective options of a channel, from the server or a config file')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'centri;channel;help;ls' {
            break
        }
        'centri;channel;help;presence' {
            break
        }
        'centri;channel;help;stats' {
            break
        }
        'centri;channel;help;history' {
            break
        }
        'centri;channel;help;history-rm' {
            break
        }
        'centri;channel;help;resolve' {
            break
        }
        'centri;channel;help;help' {
            break
        }
        'centri;user' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Online, active and away status of users (needs `user_status.enabled` on the server)')
            [CompletionResult]::new('touch', 'touch', [CompletionResultType]::ParameterValue, 'Mark users active now (`update_user_status`), optionally setting their state')
            [CompletionResult]::new('forget', 'forget', [CompletionResultType]::ParameterValue, 'Forget users'' statuses (`delete_user_status`). Asks first')
            [CompletionResult]::new('disconnect', 'disconnect', [CompletionResultType]::ParameterValue, 'Disconnect every connection of a user. Asks first')
            [CompletionResult]::new('block', 'block', [CompletionResultType]::ParameterValue, 'Block a user (`block_user`): their connections on every node are closed with 3503 and their connects refused until the block ends. Asks first')
            [CompletionResult]::new('unblock', 'unblock', [CompletionResultType]::ParameterValue, 'Lift a user''s block (`unblock_user`)')
            [CompletionResult]::new('invalidate-tokens', 'invalidate-tokens', [CompletionResultType]::ParameterValue, 'Refuse every token of a user issued before a time (`invalidate_user_tokens`): live connections holding one are closed with 3005, and the SDK asks the app for a fresh token. Asks first')
            [CompletionResult]::new('access', 'access', [CompletionResultType]::ParameterValue, 'The access controls in force (centri''s `access_list`): blocked users, revoked tokens, invalidated tokens')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'centri;user;status' {
            [CompletionResult]::new('--away-after', '--away-after', [CompletionResultType]::ParameterName, 'Online but last active longer than this ago is `away`')
            [CompletionResult]::new('--online-within', '--online-within', [CompletionResultType]::ParameterName, 'A user seen connected within this long is online (the server refreshes `online` every `user_status.online_interval`, 25s by default)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;user;touch' {
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'A free-form state to store with the status')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;user;forget' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;user;disconnect' {
            [CompletionResult]::new('--code', '--code', [CompletionResultType]::ParameterName, 'Disconnect code (default 3503 force disconnect: no reconnect)')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Reason sent with the code')
            [CompletionResult]::new('--client', '--client', [CompletionResultType]::ParameterName, 'Only this client ID (or a unique prefix of it)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;user;block' {
            [CompletionResult]::new('--for', '--for', [CompletionResultType]::ParameterName, 'It ends after this long')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'It ends at this unix time (seconds)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;user;unblock' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;user;invalidate-tokens' {
            [CompletionResult]::new('--before', '--before', [CompletionResultType]::ParameterName, 'Tokens issued (`iat`) before this unix time are refused; default now')
            [CompletionResult]::new('--channel', '--channel', [CompletionResultType]::ParameterName, 'Only the user''s subscription tokens for this channel')
            [CompletionResult]::new('--for', '--for', [CompletionResultType]::ParameterName, 'It ends after this long')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'It ends at this unix time (seconds)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;user;access' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;user;help' {
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Online, active and away status of users (needs `user_status.enabled` on the server)')
            [CompletionResult]::new('touch', 'touch', [CompletionResultType]::ParameterValue, 'Mark users active now (`update_user_status`), optionally setting their state')
            [CompletionResult]::new('forget', 'forget', [CompletionResultType]::ParameterValue, 'Forget users'' statuses (`delete_user_status`). Asks first')
            [CompletionResult]::new('disconnect', 'disconnect', [CompletionResultType]::ParameterValue, 'Disconnect every connection of a user. Asks first')
            [CompletionResult]::new('block', 'block', [CompletionResultType]::ParameterValue, 'Block a user (`block_user`): their connections on every node are closed with 3503 and their connects refused until the block ends. Asks first')
            [CompletionResult]::new('unblock', 'unblock', [CompletionResultType]::ParameterValue, 'Lift a user''s block (`unblock_user`)')
            [CompletionResult]::new('invalidate-tokens', 'invalidate-tokens', [CompletionResultType]::ParameterValue, 'Refuse every token of a user issued before a time (`invalidate_user_tokens`): live connections holding one are closed with 3005, and the SDK asks the app for a fresh token. Asks first')
            [CompletionResult]::new('access', 'access', [CompletionResultType]::ParameterValue, 'The access controls in force (centri''s `access_list`): blocked users, revoked tokens, invalidated tokens')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'centri;user;help;status' {
            break
        }
        'centri;user;help;touch' {
            break
        }
        'centri;user;help;forget' {
            break
        }
        'centri;user;help;disconnect' {
            break
        }
        'centri;user;help;block' {
            break
        }
        'centri;user;help;unblock' {
            break
        }
        'centri;user;help;invalidate-tokens' {
            break
        }
        'centri;user;help;access' {
            break
        }
        'centri;user;help;help' {
            break
        }
        'centri;map' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('state', 'state', [CompletionResultType]::ParameterValue, 'The keys of a map channel and their values, following the server''s pages (`-o ndjson` prints each entry as its page arrives)')
            [CompletionResult]::new('stream', 'stream', [CompletionResultType]::ParameterValue, 'The stream of changes of a recoverable or persistent map (writes and removals, with offsets)')
            [CompletionResult]::new('publish', 'publish', [CompletionResultType]::ParameterValue, 'Set a key''s value (server API `map_publish`)')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a key (server API `map_remove`)')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'The number of keys')
            [CompletionResult]::new('clear', 'clear', [CompletionResultType]::ParameterValue, 'Forget a map channel''s keys and stream (asks first)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'centri;map;state' {
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Only this key')
            [CompletionResult]::new('--page-size', '--page-size', [CompletionResultType]::ParameterName, 'Entries per request (the server clamps it to the namespace''s page sizes)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Stop after this many entries')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;map;stream' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Changes after OFFSET (in EPOCH, which must be the stream''s)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'limit')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--reverse', '--reverse', [CompletionResultType]::ParameterName, 'reverse')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;map;publish' {
            [CompletionResult]::new('--tags', '--tags', [CompletionResultType]::ParameterName, 'tags')
            [CompletionResult]::new('--key-mode', '--key-mode', [CompletionResultType]::ParameterName, 'key-mode')
            [CompletionResult]::new('--pub-version', '--pub-version', [CompletionResultType]::ParameterName, 'Replace the value only with a newer version (in the same --version-epoch)')
            [CompletionResult]::new('--version-epoch', '--version-epoch', [CompletionResultType]::ParameterName, 'version-epoch')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'idempotency-key')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;map;rm' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;map;stats' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;map;clear' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;map;help' {
            [CompletionResult]::new('state', 'state', [CompletionResultType]::ParameterValue, 'The keys of a map channel and their values, following the server''s pages (`-o ndjson` prints each entry as its page arrives)')
            [CompletionResult]::new('stream', 'stream', [CompletionResultType]::ParameterValue, 'The stream of changes of a recoverable or persistent map (writes and removals, with offsets)')
            [CompletionResult]::new('publish', 'publish', [CompletionResultType]::ParameterValue, 'Set a key''s value (server API `map_publish`)')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a key (server API `map_remove`)')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'The number of keys')
            [CompletionResult]::new('clear', 'clear', [CompletionResultType]::ParameterValue, 'Forget a map channel''s keys and stream (asks first)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'centri;map;help;state' {
            break
        }
        'centri;map;help;stream' {
            break
        }
        'centri;map;help;publish' {
            break
        }
        'centri;map;help;rm' {
            break
        }
        'centri;map;help;stats' {
            break
        }
        'centri;map;help;clear' {
            break
        }
        'centri;map;help;help' {
            break
        }
        'centri;sub' {
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'User to mint a connection token for (needs the HMAC secret); default `centri-cli`')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'User to mint a connection token for (needs the HMAC secret); default `centri-cli`')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'A ready connection token instead of minting one')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Recover from OFFSET[:EPOCH] (implies --recover)')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Stop after N publications')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'Stop after this long; exit 3 if nothing (or fewer than --count) arrived')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Server-side tags filter: only publications whose tags match, `key=value`, `key!=value` or `key` (present); repeat to require all. The channel''s namespace needs `allow_tags_filter`')
            [CompletionResult]::new('--transport', '--transport', [CompletionResultType]::ParameterName, 'The transport: WebSocket, or bidirectional emulation over HTTP streaming or SSE (as centrifuge-js falls back to when WebSocket is blocked; the server must enable it)')
            [CompletionResult]::new('--map-type', '--map-type', [CompletionResultType]::ParameterName, 'The map subscription type: 1 map, 2 `map_clients`, 3 `map_users` (the channel''s namespace decides which it takes)')
            [CompletionResult]::new('--page-size', '--page-size', [CompletionResultType]::ParameterName, 'Map state and stream entries per page (default: the namespace''s `map.default_page_size`; the server clamps it to its min/max)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--recover', '--recover', [CompletionResultType]::ParameterName, 'Recover missed publications (with --since, from that position)')
            [CompletionResult]::new('--timestamps', '--timestamps', [CompletionResultType]::ParameterName, 'Prefix each line with the local receive time')
            [CompletionResult]::new('--delta', '--delta', [CompletionResultType]::ParameterName, 'Ask for fossil delta compression (the namespace needs `allowed_delta_types`): publications are shown decoded, and the summary says how much the deltas saved')
            [CompletionResult]::new('--protobuf', '--protobuf', [CompletionResultType]::ParameterName, 'Speak the Protobuf client protocol (binary frames), as the mobile SDKs do; the output is the same')
            [CompletionResult]::new('--map', '--map', [CompletionResultType]::ParameterName, 'Subscribe to map channels (Centrifugo v6.7+ `subscription_type: map`): page through each channel''s state (a `state` event per key), catch up on its stream, then print a `live` marker and an `update` per change (`removed` for a removal). `--count` counts updates')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;trace' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('user', 'user', [CompletionResultType]::ParameterValue, 'Everything a user''s connections do and receive')
            [CompletionResult]::new('channel', 'channel', [CompletionResultType]::ParameterValue, 'Every message flowing towards a channel''s subscribers, plus its joins, leaves and calls')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Print a recorded trace, optionally filtered')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'centri;trace;user' {
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'Only events matching this expression, e.g. `type == "publication" && channel ~ "chat:*"`')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Stop after N events')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'Stop after this long')
            [CompletionResult]::new('--record', '--record', [CompletionResultType]::ParameterName, 'Also append every event to FILE (NDJSON), for `centri trace replay`')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;trace;channel' {
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'Only events matching this expression, e.g. `type == "publication" && channel ~ "chat:*"`')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Stop after N events')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'Stop after this long')
            [CompletionResult]::new('--record', '--record', [CompletionResultType]::ParameterName, 'Also append every event to FILE (NDJSON), for `centri trace replay`')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;trace;replay' {
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'filter')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;trace;help' {
            [CompletionResult]::new('user', 'user', [CompletionResultType]::ParameterValue, 'Everything a user''s connections do and receive')
            [CompletionResult]::new('channel', 'channel', [CompletionResultType]::ParameterValue, 'Every message flowing towards a channel''s subscribers, plus its joins, leaves and calls')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Print a recorded trace, optionally filtered')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'centri;trace;help;user' {
            break
        }
        'centri;trace;help;channel' {
            break
        }
        'centri;trace;help;replay' {
            break
        }
        'centri;trace;help;help' {
            break
        }
        'centri;conn' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'Connections of a user (or all), newest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One connection in detail')
            [CompletionResult]::new('disconnect', 'disconnect', [CompletionResultType]::ParameterValue, 'Disconnect one connection. Asks first')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'centri;conn;ls' {
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'u')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'user')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Only connections whose labels (the token''s `labels` claim) match: `key=value`, `key!=value` or `key` (present). Repeat to require several')
            [CompletionResult]::new('--label', '--label', [CompletionResultType]::ParameterName, 'Only connections whose labels (the token''s `labels` claim) match: `key=value`, `key!=value` or `key` (present). Repeat to require several')
            [CompletionResult]::new('--sort', '--sort', [CompletionResultType]::ParameterName, 'Sort by age (newest first, the default), rtt (slowest first) or subs (most first)')
            [CompletionResult]::new('--top', '--top', [CompletionResultType]::ParameterName, 'Only the first N')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;conn;show' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;conn;disconnect' {
            [CompletionResult]::new('--code', '--code', [CompletionResultType]::ParameterName, 'code')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;conn;help' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'Connections of a user (or all), newest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One connection in detail')
            [CompletionResult]::new('disconnect', 'disconnect', [CompletionResultType]::ParameterValue, 'Disconnect one connection. Asks first')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'centri;conn;help;ls' {
            break
        }
        'centri;conn;help;show' {
            break
        }
        'centri;conn;help;disconnect' {
            break
        }
        'centri;conn;help;help' {
            break
        }
        'centri;node' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'Nodes with clients, users, channels, subscriptions and uptime, plus a total')
            [CompletionResult]::new('health', 'health', [CompletionResultType]::ParameterValue, 'Health of the server (`/health` and the API); exit 8 when unhealthy')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'centri;node;ls' {
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Refresh every INTERVAL (in place on a terminal, appended when piped)')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'With --watch: stop after N refreshes')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;node;health' {
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'watch')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'count')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;node;help' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'Nodes with clients, users, channels, subscriptions and uptime, plus a total')
            [CompletionResult]::new('health', 'health', [CompletionResultType]::ParameterValue, 'Health of the server (`/health` and the API); exit 8 when unhealthy')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'centri;node;help;ls' {
            break
        }
        'centri;node;help;health' {
            break
        }
        'centri;node;help;help' {
            break
        }
        'centri;api' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;ratelimit' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Effective limits (file plus live edits) and the most recent rejections')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set buckets live, e.g. `client_command.publish=10/1s`. Shows the change and asks first')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove live edits: the config file''s value applies again. Asks first')
            [CompletionResult]::new('dry-run', 'dry-run', [CompletionResultType]::ParameterValue, 'Count would-be rejections without rejecting (all limiters, one limiter or one op)')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Applied live edits: when, who, and each key''s old and new value')
            [CompletionResult]::new('simulate', 'simulate', [CompletionResultType]::ParameterValue, 'Drive the real limiter offline: what one connection sending OP at RATE would see')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check and take tokens of an arbitrary key (server API `rate_limit`), as a backend would before sending an SMS. Exit 0 allowed, 7 rate limited')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'centri;rl' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Effective limits (file plus live edits) and the most recent rejections')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set buckets live, e.g. `client_command.publish=10/1s`. Shows the change and asks first')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove live edits: the config file''s value applies again. Asks first')
            [CompletionResult]::new('dry-run', 'dry-run', [CompletionResultType]::ParameterValue, 'Count would-be rejections without rejecting (all limiters, one limiter or one op)')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Applied live edits: when, who, and each key''s old and new value')
            [CompletionResult]::new('simulate', 'simulate', [CompletionResultType]::ParameterValue, 'Drive the real limiter offline: what one connection sending OP at RATE would see')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check and take tokens of an arbitrary key (server API `rate_limit`), as a backend would before sending an SMS. Exit 0 allowed, 7 rate limited')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'centri;ratelimit;show' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;rl;show' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;ratelimit;set' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;rl;set' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;ratelimit;rm' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;rl;rm' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;ratelimit;dry-run' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;rl;dry-run' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;ratelimit;history' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Only the newest N edits')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Only the newest N edits')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;rl;history' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Only the newest N edits')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Only the newest N edits')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;ratelimit;simulate' {
            [CompletionResult]::new('--command', '--command', [CompletionResultType]::ParameterName, 'The operation: publish, subscribe, history, presence, rpc, ...')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'How fast: `50/s`, `50/1s`, `600/1m`, or a bare number per second')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'How long to send for')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'The channel namespace of the operation')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'The RPC method (with --command rpc)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Simulate against this Centrifugo config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Simulate against this Centrifugo config file')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--live', '--live', [CompletionResultType]::ParameterName, 'Simulate against the server''s effective limits (the default without --config)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;rl;simulate' {
            [CompletionResult]::new('--command', '--command', [CompletionResultType]::ParameterName, 'The operation: publish, subscribe, history, presence, rpc, ...')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'How fast: `50/s`, `50/1s`, `600/1m`, or a bare number per second')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'How long to send for')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'The channel namespace of the operation')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'The RPC method (with --command rpc)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Simulate against this Centrifugo config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Simulate against this Centrifugo config file')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--live', '--live', [CompletionResultType]::ParameterName, 'Simulate against the server''s effective limits (the default without --config)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;ratelimit;check' {
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Tokens per interval (also the burst): `5/1m`, `10/1s`')
            [CompletionResult]::new('--cost', '--cost', [CompletionResultType]::ParameterName, 'Tokens to take; 0 only reads')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;rl;check' {
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Tokens per interval (also the burst): `5/1m`, `10/1s`')
            [CompletionResult]::new('--cost', '--cost', [CompletionResultType]::ParameterName, 'Tokens to take; 0 only reads')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;ratelimit;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Effective limits (file plus live edits) and the most recent rejections')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set buckets live, e.g. `client_command.publish=10/1s`. Shows the change and asks first')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove live edits: the config file''s value applies again. Asks first')
            [CompletionResult]::new('dry-run', 'dry-run', [CompletionResultType]::ParameterValue, 'Count would-be rejections without rejecting (all limiters, one limiter or one op)')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Applied live edits: when, who, and each key''s old and new value')
            [CompletionResult]::new('simulate', 'simulate', [CompletionResultType]::ParameterValue, 'Drive the real limiter offline: what one connection sending OP at RATE would see')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check and take tokens of an arbitrary key (server API `rate_limit`), as a backend would before sending an SMS. Exit 0 allowed, 7 rate limited')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'centri;ratelimit;help;show' {
            break
        }
        'centri;ratelimit;help;set' {
            break
        }
        'centri;ratelimit;help;rm' {
            break
        }
        'centri;ratelimit;help;dry-run' {
            break
        }
        'centri;ratelimit;help;history' {
            break
        }
        'centri;ratelimit;help;simulate' {
            break
        }
        'centri;ratelimit;help;check' {
            break
        }
        'centri;ratelimit;help;help' {
            break
        }
        'centri;rl;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Effective limits (file plus live edits) and the most recent rejections')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set buckets live, e.g. `client_command.publish=10/1s`. Shows the change and asks first')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove live edits: the config file''s value applies again. Asks first')
            [CompletionResult]::new('dry-run', 'dry-run', [CompletionResultType]::ParameterValue, 'Count would-be rejections without rejecting (all limiters, one limiter or one op)')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Applied live edits: when, who, and each key''s old and new value')
            [CompletionResult]::new('simulate', 'simulate', [CompletionResultType]::ParameterValue, 'Drive the real limiter offline: what one connection sending OP at RATE would see')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check and take tokens of an arbitrary key (server API `rate_limit`), as a backend would before sending an SMS. Exit 0 allowed, 7 rate limited')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'centri;rl;help;show' {
            break
        }
        'centri;rl;help;set' {
            break
        }
        'centri;rl;help;rm' {
            break
        }
        'centri;rl;help;dry-run' {
            break
        }
        'centri;rl;help;history' {
            break
        }
        'centri;rl;help;simulate' {
            break
        }
        'centri;rl;help;check' {
            break
        }
        'centri;rl;help;help' {
            break
        }
        'centri;push' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('device', 'device', [CompletionResultType]::ParameterValue, 'Devices: register, list, show, update, remove')
            [CompletionResult]::new('topic', 'topic', [CompletionResultType]::ParameterValue, 'Topics of one device or one user (a user''s topics reach all of the user''s devices)')
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'Send a push notification to devices (by user, topic, id) or to provider tokens and topics: prints the send''s uid')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'What a send came to: its state, progress, per-provider counts and errors by reason. Exit 5 when there is no such send')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Cancel a send that has not ended: what is not sent yet is not sent. Exit 5 when there is no such send or it has ended')
            [CompletionResult]::new('sends', 'sends', [CompletionResultType]::ParameterValue, 'The latest sends, newest first')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'centri;push;device' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('register', 'register', [CompletionResultType]::ParameterValue, 'Register a device (or update the one with the same provider and token, or --id): prints its id. The call states the whole device: what is left out is reset')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'Devices, following the server''s pages up to --limit. Filters of one kind match any of their values; filters of different kinds must all match')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One device with its topics and meta; exit 5 when there is none')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change devices selected by --id and/or --user: their user, meta, topics, time zone, locale')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove devices (and their topics) by id, or all of a user''s. Asks first')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'centri;push;device;register' {
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'The push provider')
            [CompletionResult]::new('--platform', '--platform', [CompletionResultType]::ParameterName, 'The device''s platform')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'The provider token; for webpush the browser''s `PushSubscription` JSON. `@FILE` reads a file, `-` stdin')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'The user the device belongs to')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The user the device belongs to')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'A topic of the device''s own (repeat for several)')
            [CompletionResult]::new('--meta', '--meta', [CompletionResultType]::ParameterName, 'Device meta, KEY=VALUE (repeat for several)')
            [CompletionResult]::new('--timezone', '--timezone', [CompletionResultType]::ParameterName, 'IANA time zone, e.g. Europe/Nicosia')
            [CompletionResult]::new('--locale', '--locale', [CompletionResultType]::ParameterName, 'BCP 47 language tag, e.g. en-US')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'Update this device (an id the server gave) instead of finding it by its token')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;push;device;ls' {
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'Devices of this user (repeat for several)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Devices of this user (repeat for several)')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'Devices subscribed to this topic (repeat for several)')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Devices of this provider (repeat for several)')
            [CompletionResult]::new('--platform', '--platform', [CompletionResultType]::ParameterName, 'Devices on this platform (repeat for several)')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'This device (repeat for several)')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Devices to print at most; 0 prints all')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Devices to print at most; 0 prints all')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Print only how many devices match')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;push;device;show' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;push;device;update' {
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'Select this device (repeat for several)')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'Select this user''s devices (repeat for several)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Select this user''s devices (repeat for several)')
            [CompletionResult]::new('--set-user', '--set-user', [CompletionResultType]::ParameterName, 'Give the devices to this user')
            [CompletionResult]::new('--meta', '--meta', [CompletionResultType]::ParameterName, 'Replace the devices'' meta with these KEY=VALUE pairs (repeat for several)')
            [CompletionResult]::new('--topics', '--topics', [CompletionResultType]::ParameterName, 'Set the devices'' own topics (comma-separated; '''' clears them)')
            [CompletionResult]::new('--timezone', '--timezone', [CompletionResultType]::ParameterName, 'Set the IANA time zone')
            [CompletionResult]::new('--locale', '--locale', [CompletionResultType]::ParameterName, 'Set the BCP 47 language tag')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;push;device;rm' {
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'Every device of this user (repeat for several)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Every device of this user (repeat for several)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;push;device;help' {
            [CompletionResult]::new('register', 'register', [CompletionResultType]::ParameterValue, 'Register a device (or update the one with the same provider and token, or --id): prints its id. The call states the whole device: what is left out is reset')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'Devices, following the server''s pages up to --limit. Filters of one kind match any of their values; filters of different kinds must all match')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One device with its topics and meta; exit 5 when there is none')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change devices selected by --id and/or --user: their user, meta, topics, time zone, locale')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove devices (and their topics) by id, or all of a user''s. Asks first')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'centri;push;device;help;register' {
            break
        }
        'centri;push;device;help;ls' {
            break
        }
        'centri;push;device;help;show' {
            break
        }
        'centri;push;device;help;update' {
            break
        }
        'centri;push;device;help;rm' {
            break
        }
        'centri;push;device;help;help' {
            break
        }
        'centri;push;topic' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'The topics of a device or a user, following the server''s pages up to --limit')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add topics to a device or a user')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove topics from a device or a user')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'centri;push;topic;ls' {
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'A device''s topics (its own and those its user''s topics gave it)')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'A user''s topics (they reach all of the user''s devices, and the ones registered later)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'A user''s topics (they reach all of the user''s devices, and the ones registered later)')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Topics to print at most; 0 prints all')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Topics to print at most; 0 prints all')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;push;topic;add' {
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'A device''s topics (its own and those its user''s topics gave it)')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'A user''s topics (they reach all of the user''s devices, and the ones registered later)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'A user''s topics (they reach all of the user''s devices, and the ones registered later)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;push;topic;rm' {
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'A device''s topics (its own and those its user''s topics gave it)')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'A user''s topics (they reach all of the user''s devices, and the ones registered later)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'A user''s topics (they reach all of the user''s devices, and the ones registered later)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;push;topic;help' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'The topics of a device or a user, following the server''s pages up to --limit')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add topics to a device or a user')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove topics from a device or a user')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'centri;push;topic;help;ls' {
            break
        }
        'centri;push;topic;help;add' {
            break
        }
        'centri;push;topic;help;rm' {
            break
        }
        'centri;push;topic;help;help' {
            break
        }
        'centri;push;send' {
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'Devices of this user (repeat for several)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Devices of this user (repeat for several)')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'Devices subscribed to this topic (repeat for several)')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'This device, by the id the server gave it (repeat for several)')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Only devices of this provider (repeat for several)')
            [CompletionResult]::new('--platform', '--platform', [CompletionResultType]::ParameterName, 'Only devices on this platform (repeat for several)')
            [CompletionResult]::new('--fcm-token', '--fcm-token', [CompletionResultType]::ParameterName, 'An FCM registration token (repeat for several)')
            [CompletionResult]::new('--hms-token', '--hms-token', [CompletionResultType]::ParameterName, 'An HMS token (repeat for several)')
            [CompletionResult]::new('--apns-token', '--apns-token', [CompletionResultType]::ParameterName, 'An APNs device token (repeat for several)')
            [CompletionResult]::new('--fcm-topic', '--fcm-topic', [CompletionResultType]::ParameterName, 'An FCM topic')
            [CompletionResult]::new('--fcm-condition', '--fcm-condition', [CompletionResultType]::ParameterName, 'An FCM condition, e.g. "''news'' in topics && ''eu'' in topics"')
            [CompletionResult]::new('--hms-topic', '--hms-topic', [CompletionResultType]::ParameterName, 'An HMS topic')
            [CompletionResult]::new('--hms-condition', '--hms-condition', [CompletionResultType]::ParameterName, 'An HMS condition')
            [CompletionResult]::new('--title', '--title', [CompletionResultType]::ParameterName, 'The notification''s title')
            [CompletionResult]::new('--body', '--body', [CompletionResultType]::ParameterName, 'The notification''s body')
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'A data entry, KEY=VALUE (repeat for several): FCM and HMS data, APNs custom keys, the Web Push payload''s data')
            [CompletionResult]::new('--fcm', '--fcm', [CompletionResultType]::ParameterName, 'FCM''s native Message (JSON, @FILE or -)')
            [CompletionResult]::new('--hms', '--hms', [CompletionResultType]::ParameterName, 'HMS''s native Message (JSON, @FILE or -)')
            [CompletionResult]::new('--apns', '--apns', [CompletionResultType]::ParameterName, 'The APNs payload, or {"headers", "payload"} (JSON, @FILE or -)')
            [CompletionResult]::new('--webpush', '--webpush', [CompletionResultType]::ParameterName, 'The Web Push payload, or {"payload", "ttl", "urgency", "topic"} (JSON, @FILE or -)')
            [CompletionResult]::new('--uid', '--uid', [CompletionResultType]::ParameterName, 'The send''s id (a second send with a known uid queues nothing). Default: the server makes one')
            [CompletionResult]::new('--send-at', '--send-at', [CompletionResultType]::ParameterName, 'Send later: RFC 3339 (2026-12-24T18:00:00+02:00), unix seconds, or +DURATION (+10m)')
            [CompletionResult]::new('--expire-in', '--expire-in', [CompletionResultType]::ParameterName, 'Give up on what is not sent this long after the send starts (--send-at, else now)')
            [CompletionResult]::new('--analytics-uid', '--analytics-uid', [CompletionResultType]::ParameterName, 'The id `update_push_status` reports use (default: the uid)')
            [CompletionResult]::new('--l10n', '--l10n', [CompletionResultType]::ParameterName, 'A translation for templates, LANG:KEY=VALUE (repeat for several)')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'At most RATE pushes per INTERVAL per device (or per --rate-limit-key), e.g. 1/1m (repeat for several policies)')
            [CompletionResult]::new('--rate-limit-key', '--rate-limit-key', [CompletionResultType]::ParameterName, 'What the rate limit counts by, e.g. ''{{.device.user}}'' (default: the device)')
            [CompletionResult]::new('--between', '--between', [CompletionResultType]::ParameterName, 'Send only in this window of each device''s local time, HH:MM:SS-HH:MM:SS')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'How often --wait asks the server')
            [CompletionResult]::new('--wait-timeout', '--wait-timeout', [CompletionResultType]::ParameterName, 'Stop waiting after this long (exit 3; the send goes on)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every device (narrowed by --provider and --platform). Asks first, unless -y')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'Render the messages as templates (`use_templating`)')
            [CompletionResult]::new('--meta', '--meta', [CompletionResultType]::ParameterName, 'Give templates each device''s meta (`use_meta`)')
            [CompletionResult]::new('--reliable', '--reliable', [CompletionResultType]::ParameterName, 'Record progress more often and wait out a queue outage instead of sending again (`optimize_for_reliability`)')
            [CompletionResult]::new('--drop-if-rate-limited', '--drop-if-rate-limited', [CompletionResultType]::ParameterName, 'Drop a push the rate limit holds back, instead of sending it later')
            [CompletionResult]::new('--no-tz-send-now', '--no-tz-send-now', [CompletionResultType]::ParameterName, 'With --between: send now to devices without a time zone (default: drop them)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the request JSON and send nothing')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Follow the send to its end with a progress bar; exit 9 if any recipient failed or was dropped, 3 if it was cancelled')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;push;status' {
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'How often --watch asks the server')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Refresh until the send ends (done, cancelled or expired) or Ctrl-C')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Refresh until the send ends (done, cancelled or expired) or Ctrl-C')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;push;cancel' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;push;sends' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Sends to list at most (the server keeps up to 1000)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Sends to list at most (the server keeps up to 1000)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;push;help' {
            [CompletionResult]::new('device', 'device', [CompletionResultType]::ParameterValue, 'Devices: register, list, show, update, remove')
            [CompletionResult]::new('topic', 'topic', [CompletionResultType]::ParameterValue, 'Topics of one device or one user (a user''s topics reach all of the user''s devices)')
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'Send a push notification to devices (by user, topic, id) or to provider tokens and topics: prints the send''s uid')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'What a send came to: its state, progress, per-provider counts and errors by reason. Exit 5 when there is no such send')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Cancel a send that has not ended: what is not sent yet is not sent. Exit 5 when there is no such send or it has ended')
            [CompletionResult]::new('sends', 'sends', [CompletionResultType]::ParameterValue, 'The latest sends, newest first')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'centri;push;help;device' {
            [CompletionResult]::new('register', 'register', [CompletionResultType]::ParameterValue, 'Register a device (or update the one with the same provider and token, or --id): prints its id. The call states the whole device: what is left out is reset')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'Devices, following the server''s pages up to --limit. Filters of one kind match any of their values; filters of different kinds must all match')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One device with its topics and meta; exit 5 when there is none')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change devices selected by --id and/or --user: their user, meta, topics, time zone, locale')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove devices (and their topics) by id, or all of a user''s. Asks first')
            break
        }
        'centri;push;help;device;register' {
            break
        }
        'centri;push;help;device;ls' {
            break
        }
        'centri;push;help;device;show' {
            break
        }
        'centri;push;help;device;update' {
            break
        }
        'centri;push;help;device;rm' {
            break
        }
        'centri;push;help;topic' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'The topics of a device or a user, following the server''s pages up to --limit')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add topics to a device or a user')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove topics from a device or a user')
            break
        }
        'centri;push;help;topic;ls' {
            break
        }
        'centri;push;help;topic;add' {
            break
        }
        'centri;push;help;topic;rm' {
            break
        }
        'centri;push;help;send' {
            break
        }
        'centri;push;help;status' {
            break
        }
        'centri;push;help;cancel' {
            break
        }
        'centri;push;help;sends' {
            break
        }
        'centri;push;help;help' {
            break
        }
        'centri;explain' {
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'The user ID (taken from --token when given; empty = anonymous)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The user ID (taken from --token when given; empty = anonymous)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'The channel')
            [CompletionResult]::new('--channel', '--channel', [CompletionResultType]::ParameterName, 'The channel')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'A connection token: its user and `caps` count')
            [CompletionResult]::new('--sub-token', '--sub-token', [CompletionResultType]::ParameterName, 'A subscription token for the channel')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Decide offline against this config file instead of asking the server')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--subscribed', '--subscribed', [CompletionResultType]::ParameterName, 'Treat the client as subscribed (publish/history/presence). Default: as a live connection of the user is on the server; offline, not subscribed')
            [CompletionResult]::new('--not-subscribed', '--not-subscribed', [CompletionResultType]::ParameterName, 'Treat the client as not subscribed')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;proxy' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Send a backend the exact request the server would send for one connect, refresh, subscribe, publish, `sub_refresh`, rpc or shared poll refresh, and show the response, the latency and what the server would decide. Exit 0 allowed, 8 denied (the backend''s error or disconnect, an expiry, a connect without a result), 6 unreachable or timed out, 1 a bad status or a body that is no proxy response, 2 bad flags')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'centri;proxy;check' {
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The backend: `http(s)://host[:port]/path` (JSON over HTTP POST) or `grpc://host:port`')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Take the proxy from this server config file (Centrifugo v6 JSON)')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'With --config: the named proxy (`proxies[].name`) instead of the one the channel''s or method''s namespace uses (subscribe, publish, `sub_refresh`, rpc)')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'The user of the connection (not for connect: the backend names the user)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The user of the connection (not for connect: the backend names the user)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'The channel (subscribe, publish, `sub_refresh`); for connect, a channel the client asks to subscribe to (repeatable)')
            [CompletionResult]::new('--channel', '--channel', [CompletionResultType]::ParameterName, 'The channel (subscribe, publish, `sub_refresh`); for connect, a channel the client asks to subscribe to (repeatable)')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'The RPC method (rpc)')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'The RPC method (rpc)')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'The client''s data: JSON, `@file`, or `-` for stdin (connect, subscribe, publish, rpc)')
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'The client''s data: JSON, `@file`, or `-` for stdin (connect, subscribe, publish, rpc)')
            [CompletionResult]::new('--b64data', '--b64data', [CompletionResultType]::ParameterName, 'The client''s data as base64, for binary data (a protobuf client''s)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'The subscription token the client sent (subscribe)')
            [CompletionResult]::new('--client', '--client', [CompletionResultType]::ParameterName, 'The client ID (default: a fresh UUID)')
            [CompletionResult]::new('--transport', '--transport', [CompletionResultType]::ParameterName, 'The client''s transport')
            [CompletionResult]::new('--protocol', '--protocol', [CompletionResultType]::ParameterName, 'The client''s protocol')
            [CompletionResult]::new('--meta', '--meta', [CompletionResultType]::ParameterName, 'The connection''s meta (JSON), sent when the proxy has `include_connection_meta` (always with --endpoint)')
            [CompletionResult]::new('--label', '--label', [CompletionResultType]::ParameterName, 'Connection labels, repeatable: --label k=v')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'A header of the client''s HTTP request, repeatable: ''Name: value''. Forwarded as the server would (a GRPC proxy gets it as metadata)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'A header of the client''s HTTP request, repeatable: ''Name: value''. Forwarded as the server would (a GRPC proxy gets it as metadata)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The client''s name (connect)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'The client''s version (connect)')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'A tracked key to poll, repeatable (`shared_poll_refresh`): KEY, or KEY=VERSION for the version the server has in versioned mode')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'A tracked key to poll, repeatable (`shared_poll_refresh`): KEY, or KEY=VERSION for the version the server has in versioned mode')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--binary-encoding', '--binary-encoding', [CompletionResultType]::ParameterName, 'Send data as base64 (`b64data`, encoding `binary`), whatever the proxy says')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'centri;proxy;help' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Send a backend the exact request the server would send for one connect, refresh, subscribe, publish, `sub_refresh`, rpc or shared poll refresh, and show the response, the latency and what the server would decide. Exit 0 allowed, 8 denied (the backend''s error or disconnect, an expiry, a connect without a result), 6 unreachable or timed out, 1 a bad status or a body that is no proxy response, 2 bad flags')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'centri;proxy;help;check' {
            break
        }
        'centri;proxy;help;help' {
            break
        }
        'centri;bench' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('fanout', 'fanout', [CompletionResultType]::ParameterValue, 'N subscribers on M channels (client i on channel i mod M); publications through the HTTP API at a rate or as a burst. Reports deliveries/s, publish→receive latency (p50/p90/p99/p99.9), missing and duplicate messages (sequence numbers per channel)')
            [CompletionResult]::new('pub', 'pub', [CompletionResultType]::ParameterValue, 'Server API publish throughput and request latency (no subscribers)')
            [CompletionResult]::new('connect', 'connect', [CompletionResultType]::ParameterValue, 'Connection rate (connect + subscribe, until all are in) and, with --server-pid, the server''s RSS per connection. With --proxy-backend, JWT connects against connects through the server''s connect proxy, in the same run')
            [CompletionResult]::new('idle', 'idle', [CompletionResultType]::ParameterValue, 'Hold N idle connections (connected and subscribed) for a duration; with --server-pid, RSS per connection and the server''s CPU while idle')
            [CompletionResult]::new('churn', 'churn', [CompletionResultType]::ParameterValue, 'A soak: N clients connect, subscribe, read and leave over and over, some vanishing without a close, some stalling, some sending garbage, while a publisher sends numbered rounds into every channel. Samples the server''s RSS and open descriptors (with --server-pid) and counts every round a well-behaved client missed')
            [CompletionResult]::new('map', 'map', [CompletionResultType]::ParameterValue, 'Initial state delivery of a map channel against a stream channel delivering the same bytes, in the same run: K keys are written into a map through the server API, then N subscribers fetch its state at once as the SDK does (state pages of the largest size the namespace allows, until the server answers live). The baseline: the same K payloads published through the API into a stream channel with N subscribers. Reports the wall time until every subscriber has everything, keys/s, bytes/s, and map ÷ stream')
            [CompletionResult]::new('push', 'push', [CompletionResultType]::ParameterValue, 'Push sending throughput: a throwaway server (this binary, `SQLite` store) with N devices per provider on a topic, one `send_push_notification` to it, and loopback FCM and APNs sinks speaking the real protocols (OAuth 2.0 JWT grant, HTTP/2 over TLS, ES256 tokens). The floor is a plain client sending the same N requests to the same sinks with the same concurrency, in the same run. Reports pushes/s and the ratio to the floor, the time from the API call to the first provider request, and the server''s RSS at two sizes')
            [CompletionResult]::new('push-floor', 'push-floor', [CompletionResultType]::ParameterValue, '`bench push`''s floor in a process of its own (started by `bench push`)')
            [CompletionResult]::new('floor', 'floor', [CompletionResultType]::ParameterValue, 'Run the baseline broadcaster (the floor) on its own, e.g. pinned to a core, to drive with `--baseline-url URL --baseline-pid PID`. Prints `listening on http://ADDR`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'centri;bench;fanout' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Subscribers')
            [CompletionResult]::new('--clients', '--clients', [CompletionResultType]::ParameterName, 'Subscribers')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Channels (client i subscribes to channel i mod M)')
            [CompletionResult]::new('--channels', '--channels', [CompletionResultType]::ParameterName, 'Channels (client i subscribes to channel i mod M)')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Publications per second per channel (`50`, `50/s`); default 10')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Publications per second per channel (`50`, `50/s`); default 10')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'How long to publish')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'How long to publish')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Stop after N publications per channel (or at --duration, whichever is first)')
            [CompletionResult]::new('--size', '--size', [CompletionResultType]::ParameterName, 'Bytes of publication data (JSON, padded)')
            [CompletionResult]::new('--batch', '--batch', [CompletionResultType]::ParameterName, 'Rounds per API request (`/api/batch` when above 1); default 1, or 16 with --burst')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'API requests in flight')
            [CompletionResult]::new('--drain', '--drain', [CompletionResultType]::ParameterName, 'After the last publication, wait at most this long for deliveries')
            [CompletionResult]::new('--server-pid', '--server-pid', [CompletionResultType]::ParameterName, 'The server''s PID (same machine): its CPU seconds and RSS from /proc')
            [CompletionResult]::new('--baseline-url', '--baseline-url', [CompletionResultType]::ParameterName, 'Use this floor instead (`centri bench floor`), e.g. pinned to its own core')
            [CompletionResult]::new('--baseline-pid', '--baseline-pid', [CompletionResultType]::ParameterName, 'The external floor''s PID, for its CPU seconds and RSS')
            [CompletionResult]::new('--token-secret', '--token-secret', [CompletionResultType]::ParameterName, 'HMAC secret for the subscribers'' connection tokens (default: --hmac-secret or the context''s)')
            [CompletionResult]::new('--channel-prefix', '--channel-prefix', [CompletionResultType]::ParameterName, 'Channel names are PREFIX0, PREFIX1, ...')
            [CompletionResult]::new('--publish-via', '--publish-via', [CompletionResultType]::ParameterName, 'Publish through this server''s API instead of --server''s: another node of the same cluster (Redis engine), to measure cross-node fan-out')
            [CompletionResult]::new('--connect-concurrency', '--connect-concurrency', [CompletionResultType]::ParameterName, 'WebSocket handshakes in flight while connecting')
            [CompletionResult]::new('--max-rss-per-conn', '--max-rss-per-conn', [CompletionResultType]::ParameterName, 'A gate for CI: exit 8 when the server''s RSS per connection is above SIZE (`51200`, `50K`, `50KiB`; K = 1024). Needs --server-pid')
            [CompletionResult]::new('--transport', '--transport', [CompletionResultType]::ParameterName, 'The subscribers'' transport: `websocket`, or bidirectional emulation over `http_stream` or `sse` (JSON only; the server must enable them). A list (fanout only, e.g. `websocket,http_stream,sse`) runs the workload once per transport against the same server and gives every figure also as a ratio to the first transport''s')
            [CompletionResult]::new('--transports', '--transports', [CompletionResultType]::ParameterName, 'The subscribers'' transport: `websocket`, or bidirectional emulation over `http_stream` or `sse` (JSON only; the server must enable them). A list (fanout only, e.g. `websocket,http_stream,sse`) runs the workload once per transport against the same server and gives every figure also as a ratio to the first transport''s')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--burst', '--burst', [CompletionResultType]::ParameterName, 'Publish as fast as the API answers (see --batch and --concurrency)')
            [CompletionResult]::new('--baseline', '--baseline', [CompletionResultType]::ParameterName, 'First run the same workload against an in-process baseline broadcaster (the floor) and report every figure also as a ratio to it. Its CPU is its own thread''s; RSS per connection needs an external floor (--baseline-url)')
            [CompletionResult]::new('--protobuf', '--protobuf', [CompletionResultType]::ParameterName, 'Subscribers speak the Protobuf client protocol (binary WebSocket frames), as the mobile SDKs do. The floor (--baseline) stays JSON: ratios are this server in Protobuf against the JSON floor')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;bench;pub' {
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Channels (each round publishes into every one)')
            [CompletionResult]::new('--channels', '--channels', [CompletionResultType]::ParameterName, 'Channels (each round publishes into every one)')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Publications per second per channel (`50`, `50/s`); default 10')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Publications per second per channel (`50`, `50/s`); default 10')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'How long to publish')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'How long to publish')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Stop after N publications per channel (or at --duration, whichever is first)')
            [CompletionResult]::new('--size', '--size', [CompletionResultType]::ParameterName, 'Bytes of publication data (JSON, padded)')
            [CompletionResult]::new('--batch', '--batch', [CompletionResultType]::ParameterName, 'Rounds per API request (`/api/batch` when above 1); default 1, or 16 with --burst')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'API requests in flight')
            [CompletionResult]::new('--server-pid', '--server-pid', [CompletionResultType]::ParameterName, 'The server''s PID (same machine): its CPU seconds and RSS from /proc')
            [CompletionResult]::new('--baseline-url', '--baseline-url', [CompletionResultType]::ParameterName, 'Use this floor instead (`centri bench floor`), e.g. pinned to its own core')
            [CompletionResult]::new('--baseline-pid', '--baseline-pid', [CompletionResultType]::ParameterName, 'The external floor''s PID, for its CPU seconds and RSS')
            [CompletionResult]::new('--token-secret', '--token-secret', [CompletionResultType]::ParameterName, 'HMAC secret for the subscribers'' connection tokens (default: --hmac-secret or the context''s)')
            [CompletionResult]::new('--channel-prefix', '--channel-prefix', [CompletionResultType]::ParameterName, 'Channel names are PREFIX0, PREFIX1, ...')
            [CompletionResult]::new('--publish-via', '--publish-via', [CompletionResultType]::ParameterName, 'Publish through this server''s API instead of --server''s: another node of the same cluster (Redis engine), to measure cross-node fan-out')
            [CompletionResult]::new('--connect-concurrency', '--connect-concurrency', [CompletionResultType]::ParameterName, 'WebSocket handshakes in flight while connecting')
            [CompletionResult]::new('--max-rss-per-conn', '--max-rss-per-conn', [CompletionResultType]::ParameterName, 'A gate for CI: exit 8 when the server''s RSS per connection is above SIZE (`51200`, `50K`, `50KiB`; K = 1024). Needs --server-pid')
            [CompletionResult]::new('--transport', '--transport', [CompletionResultType]::ParameterName, 'The subscribers'' transport: `websocket`, or bidirectional emulation over `http_stream` or `sse` (JSON only; the server must enable them). A list (fanout only, e.g. `websocket,http_stream,sse`) runs the workload once per transport against the same server and gives every figure also as a ratio to the first transport''s')
            [CompletionResult]::new('--transports', '--transports', [CompletionResultType]::ParameterName, 'The subscribers'' transport: `websocket`, or bidirectional emulation over `http_stream` or `sse` (JSON only; the server must enable them). A list (fanout only, e.g. `websocket,http_stream,sse`) runs the workload once per transport against the same server and gives every figure also as a ratio to the first transport''s')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--burst', '--burst', [CompletionResultType]::ParameterName, 'Publish as fast as the API answers (see --batch and --concurrency)')
            [CompletionResult]::new('--baseline', '--baseline', [CompletionResultType]::ParameterName, 'First run the same workload against an in-process baseline broadcaster (the floor) and report every figure also as a ratio to it. Its CPU is its own thread''s; RSS per connection needs an external floor (--baseline-url)')
            [CompletionResult]::new('--protobuf', '--protobuf', [CompletionResultType]::ParameterName, 'Subscribers speak the Protobuf client protocol (binary WebSocket frames), as the mobile SDKs do. The floor (--baseline) stays JSON: ratios are this server in Protobuf against the JSON floor')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;bench;connect' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Connections (each subscribes to one channel)')
            [CompletionResult]::new('--clients', '--clients', [CompletionResultType]::ParameterName, 'Connections (each subscribes to one channel)')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Channels (client i subscribes to channel i mod M)')
            [CompletionResult]::new('--channels', '--channels', [CompletionResultType]::ParameterName, 'Channels (client i subscribes to channel i mod M)')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'How long to hold the connections (idle; connect holds them only to measure)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'How long to hold the connections (idle; connect holds them only to measure)')
            [CompletionResult]::new('--server-pid', '--server-pid', [CompletionResultType]::ParameterName, 'The server''s PID (same machine): its CPU seconds and RSS from /proc')
            [CompletionResult]::new('--baseline-url', '--baseline-url', [CompletionResultType]::ParameterName, 'Use this floor instead (`centri bench floor`), e.g. pinned to its own core')
            [CompletionResult]::new('--baseline-pid', '--baseline-pid', [CompletionResultType]::ParameterName, 'The external floor''s PID, for its CPU seconds and RSS')
            [CompletionResult]::new('--token-secret', '--token-secret', [CompletionResultType]::ParameterName, 'HMAC secret for the subscribers'' connection tokens (default: --hmac-secret or the context''s)')
            [CompletionResult]::new('--channel-prefix', '--channel-prefix', [CompletionResultType]::ParameterName, 'Channel names are PREFIX0, PREFIX1, ...')
            [CompletionResult]::new('--publish-via', '--publish-via', [CompletionResultType]::ParameterName, 'Publish through this server''s API instead of --server''s: another node of the same cluster (Redis engine), to measure cross-node fan-out')
            [CompletionResult]::new('--connect-concurrency', '--connect-concurrency', [CompletionResultType]::ParameterName, 'WebSocket handshakes in flight while connecting')
            [CompletionResult]::new('--max-rss-per-conn', '--max-rss-per-conn', [CompletionResultType]::ParameterName, 'A gate for CI: exit 8 when the server''s RSS per connection is above SIZE (`51200`, `50K`, `50KiB`; K = 1024). Needs --server-pid')
            [CompletionResult]::new('--transport', '--transport', [CompletionResultType]::ParameterName, 'The subscribers'' transport: `websocket`, or bidirectional emulation over `http_stream` or `sse` (JSON only; the server must enable them). A list (fanout only, e.g. `websocket,http_stream,sse`) runs the workload once per transport against the same server and gives every figure also as a ratio to the first transport''s')
            [CompletionResult]::new('--transports', '--transports', [CompletionResultType]::ParameterName, 'The subscribers'' transport: `websocket`, or bidirectional emulation over `http_stream` or `sse` (JSON only; the server must enable them). A list (fanout only, e.g. `websocket,http_stream,sse`) runs the workload once per transport against the same server and gives every figure also as a ratio to the first transport''s')
            [CompletionResult]::new('--proxy-backend', '--proxy-backend', [CompletionResultType]::ParameterName, 'Serve the server''s connect-proxy backend on ADDR (loopback HOST:PORT) and measure connects through it after the JWT ones; the server''s client.proxy.connect.endpoint must name ADDR, with the path /connect')
            [CompletionResult]::new('--access-controls', '--access-controls', [CompletionResultType]::ParameterName, 'Connect again with N blocked users, N revoked tokens and N invalidated users in force (set through the server API for 5 minutes, other users than the bench''s; the blocks are lifted after), and report connects/s with them on ÷ off')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--baseline', '--baseline', [CompletionResultType]::ParameterName, 'First run the same workload against an in-process baseline broadcaster (the floor) and report every figure also as a ratio to it. Its CPU is its own thread''s; RSS per connection needs an external floor (--baseline-url)')
            [CompletionResult]::new('--protobuf', '--protobuf', [CompletionResultType]::ParameterName, 'Subscribers speak the Protobuf client protocol (binary WebSocket frames), as the mobile SDKs do. The floor (--baseline) stays JSON: ratios are this server in Protobuf against the JSON floor')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;bench;idle' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Connections (each subscribes to one channel)')
            [CompletionResult]::new('--clients', '--clients', [CompletionResultType]::ParameterName, 'Connections (each subscribes to one channel)')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Channels (client i subscribes to channel i mod M)')
            [CompletionResult]::new('--channels', '--channels', [CompletionResultType]::ParameterName, 'Channels (client i subscribes to channel i mod M)')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'How long to hold the connections (idle; connect holds them only to measure)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'How long to hold the connections (idle; connect holds them only to measure)')
            [CompletionResult]::new('--server-pid', '--server-pid', [CompletionResultType]::ParameterName, 'The server''s PID (same machine): its CPU seconds and RSS from /proc')
            [CompletionResult]::new('--baseline-url', '--baseline-url', [CompletionResultType]::ParameterName, 'Use this floor instead (`centri bench floor`), e.g. pinned to its own core')
            [CompletionResult]::new('--baseline-pid', '--baseline-pid', [CompletionResultType]::ParameterName, 'The external floor''s PID, for its CPU seconds and RSS')
            [CompletionResult]::new('--token-secret', '--token-secret', [CompletionResultType]::ParameterName, 'HMAC secret for the subscribers'' connection tokens (default: --hmac-secret or the context''s)')
            [CompletionResult]::new('--channel-prefix', '--channel-prefix', [CompletionResultType]::ParameterName, 'Channel names are PREFIX0, PREFIX1, ...')
            [CompletionResult]::new('--publish-via', '--publish-via', [CompletionResultType]::ParameterName, 'Publish through this server''s API instead of --server''s: another node of the same cluster (Redis engine), to measure cross-node fan-out')
            [CompletionResult]::new('--connect-concurrency', '--connect-concurrency', [CompletionResultType]::ParameterName, 'WebSocket handshakes in flight while connecting')
            [CompletionResult]::new('--max-rss-per-conn', '--max-rss-per-conn', [CompletionResultType]::ParameterName, 'A gate for CI: exit 8 when the server''s RSS per connection is above SIZE (`51200`, `50K`, `50KiB`; K = 1024). Needs --server-pid')
            [CompletionResult]::new('--transport', '--transport', [CompletionResultType]::ParameterName, 'The subscribers'' transport: `websocket`, or bidirectional emulation over `http_stream` or `sse` (JSON only; the server must enable them). A list (fanout only, e.g. `websocket,http_stream,sse`) runs the workload once per transport against the same server and gives every figure also as a ratio to the first transport''s')
            [CompletionResult]::new('--transports', '--transports', [CompletionResultType]::ParameterName, 'The subscribers'' transport: `websocket`, or bidirectional emulation over `http_stream` or `sse` (JSON only; the server must enable them). A list (fanout only, e.g. `websocket,http_stream,sse`) runs the workload once per transport against the same server and gives every figure also as a ratio to the first transport''s')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--baseline', '--baseline', [CompletionResultType]::ParameterName, 'First run the same workload against an in-process baseline broadcaster (the floor) and report every figure also as a ratio to it. Its CPU is its own thread''s; RSS per connection needs an external floor (--baseline-url)')
            [CompletionResult]::new('--protobuf', '--protobuf', [CompletionResultType]::ParameterName, 'Subscribers speak the Protobuf client protocol (binary WebSocket frames), as the mobile SDKs do. The floor (--baseline) stays JSON: ratios are this server in Protobuf against the JSON floor')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;bench;churn' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Client slots, each one connection at a time')
            [CompletionResult]::new('--clients', '--clients', [CompletionResultType]::ParameterName, 'Client slots, each one connection at a time')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Channels (slot i subscribes to channel i mod M)')
            [CompletionResult]::new('--channels', '--channels', [CompletionResultType]::ParameterName, 'Channels (slot i subscribes to channel i mod M)')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'How long to churn')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'How long to churn')
            [CompletionResult]::new('--lifetime', '--lifetime', [CompletionResultType]::ParameterName, 'How long a session lasts: a uniform draw from MIN..MAX (`2s..10s`), or one duration')
            [CompletionResult]::new('--vanish', '--vanish', [CompletionResultType]::ParameterName, 'Share of sessions that vanish without a close frame (`10%` or `0.1`)')
            [CompletionResult]::new('--stall', '--stall', [CompletionResultType]::ParameterName, 'Share of sessions that stop reading')
            [CompletionResult]::new('--garbage', '--garbage', [CompletionResultType]::ParameterName, 'Share of sessions that send garbage')
            [CompletionResult]::new('--stall-for', '--stall-for', [CompletionResultType]::ParameterName, 'How long a stalled session stops reading (longer than the server''s ping interval plus pong timeout, 25s + 8s by default, so that the server closes it)')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Rounds per second (each round publishes into every channel)')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Rounds per second (each round publishes into every channel)')
            [CompletionResult]::new('--size', '--size', [CompletionResultType]::ParameterName, 'Bytes of publication data')
            [CompletionResult]::new('--sample', '--sample', [CompletionResultType]::ParameterName, 'Sample the server (and the clients'' counters) this often (default: 10s, or a quarter of a shorter --duration)')
            [CompletionResult]::new('--warmup', '--warmup', [CompletionResultType]::ParameterName, 'Growth is measured from the first sample after this (default: a fifth of --duration)')
            [CompletionResult]::new('--max-growth', '--max-growth', [CompletionResultType]::ParameterName, 'A gate for CI: exit 8 when the server''s RSS or open descriptors grow by more than P after the warm-up (`5%`). Needs --server-pid')
            [CompletionResult]::new('--server-pid', '--server-pid', [CompletionResultType]::ParameterName, 'The server''s PID (same machine): RSS and open descriptors from /proc')
            [CompletionResult]::new('--token-secret', '--token-secret', [CompletionResultType]::ParameterName, 'HMAC secret for the connection tokens (default: --hmac-secret or the context''s)')
            [CompletionResult]::new('--channel-prefix', '--channel-prefix', [CompletionResultType]::ParameterName, 'Channel names are PREFIX0, PREFIX1, ...')
            [CompletionResult]::new('--publish-via', '--publish-via', [CompletionResultType]::ParameterName, 'Publish through this server''s API instead of --server''s (another node)')
            [CompletionResult]::new('--connect-concurrency', '--connect-concurrency', [CompletionResultType]::ParameterName, 'WebSocket handshakes in flight')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Seed of the behaviour and lifetime draws (default: from the clock; the report gives it)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;bench;map' {
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Keys in the map (the stream gets as many publications)')
            [CompletionResult]::new('--keys', '--keys', [CompletionResultType]::ParameterName, 'Keys in the map (the stream gets as many publications)')
            [CompletionResult]::new('--size', '--size', [CompletionResultType]::ParameterName, 'Bytes of each value (and of each publication''s data): JSON, padded to exactly B')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Subscribers on each side')
            [CompletionResult]::new('--clients', '--clients', [CompletionResultType]::ParameterName, 'Subscribers on each side')
            [CompletionResult]::new('--map-namespace', '--map-namespace', [CompletionResultType]::ParameterName, 'The map channel''s namespace: `subscription_type` "map", open to client subscribe')
            [CompletionResult]::new('--stream-namespace', '--stream-namespace', [CompletionResultType]::ParameterName, 'The stream channel''s namespace (default: channels without a namespace)')
            [CompletionResult]::new('--page-size', '--page-size', [CompletionResultType]::ParameterName, 'Entries per state page asked for (default: the largest the namespace allows; the server clamps what is asked between the namespace''s `map.min_page_size` and `max_page_size`)')
            [CompletionResult]::new('--batch', '--batch', [CompletionResultType]::ParameterName, 'Keys (and publications) per `/api/batch` request, to fill the map and to publish')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'API requests in flight')
            [CompletionResult]::new('--stream-window', '--stream-window', [CompletionResultType]::ParameterName, 'Publications the stream''s publisher may be ahead of its subscribers, on average (default: 256 KiB of them; 0: no limit). At least --batch')
            [CompletionResult]::new('--deadline', '--deadline', [CompletionResultType]::ParameterName, 'Each phase (filling, connecting, delivering) must be done within D, or the run stops and fails naming what was missing')
            [CompletionResult]::new('--server-pid', '--server-pid', [CompletionResultType]::ParameterName, 'The server''s PID (same machine): its CPU seconds per side, from /proc')
            [CompletionResult]::new('--token-secret', '--token-secret', [CompletionResultType]::ParameterName, 'HMAC secret for the subscribers'' connection tokens (default: --hmac-secret or the context''s)')
            [CompletionResult]::new('--connect-concurrency', '--connect-concurrency', [CompletionResultType]::ParameterName, 'WebSocket handshakes in flight while connecting')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--protobuf', '--protobuf', [CompletionResultType]::ParameterName, 'Subscribers speak the Protobuf client protocol (binary WebSocket frames)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;bench;push' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Devices per provider, all on one topic')
            [CompletionResult]::new('--devices', '--devices', [CompletionResultType]::ParameterName, 'Devices per provider, all on one topic')
            [CompletionResult]::new('--compare-devices', '--compare-devices', [CompletionResultType]::ParameterName, 'A second, smaller run first, to compare the server''s RSS against (0: none)')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'The providers to send to')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Provider requests in flight: the server''s `push_notifications.concurrency` and the floor''s')
            [CompletionResult]::new('--rounds', '--rounds', [CompletionResultType]::ParameterName, 'Sends per provider and size, each followed by the floor''s; the best round of each side is compared')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--keep', '--keep', [CompletionResultType]::ParameterName, 'Keep the run''s directory (config, keys, server log and database) and print its path')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;bench;push-floor' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;bench;floor' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Port to listen on (0 picks a free one)')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Port to listen on (0 picks a free one)')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Address to bind')
            [CompletionResult]::new('--address', '--address', [CompletionResultType]::ParameterName, 'Address to bind')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'Stop after this long (default: at Ctrl-C or SIGTERM)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;bench;help' {
            [CompletionResult]::new('fanout', 'fanout', [CompletionResultType]::ParameterValue, 'N subscribers on M channels (client i on channel i mod M); publications through the HTTP API at a rate or as a burst. Reports deliveries/s, publish→receive latency (p50/p90/p99/p99.9), missing and duplicate messages (sequence numbers per channel)')
            [CompletionResult]::new('pub', 'pub', [CompletionResultType]::ParameterValue, 'Server API publish throughput and request latency (no subscribers)')
            [CompletionResult]::new('connect', 'connect', [CompletionResultType]::ParameterValue, 'Connection rate (connect + subscribe, until all are in) and, with --server-pid, the server''s RSS per connection. With --proxy-backend, JWT connects against connects through the server''s connect proxy, in the same run')
            [CompletionResult]::new('idle', 'idle', [CompletionResultType]::ParameterValue, 'Hold N idle connections (connected and subscribed) for a duration; with --server-pid, RSS per connection and the server''s CPU while idle')
            [CompletionResult]::new('churn', 'churn', [CompletionResultType]::ParameterValue, 'A soak: N clients connect, subscribe, read and leave over and over, some vanishing without a close, some stalling, some sending garbage, while a publisher sends numbered rounds into every channel. Samples the server''s RSS and open descriptors (with --server-pid) and counts every round a well-behaved client missed')
            [CompletionResult]::new('map', 'map', [CompletionResultType]::ParameterValue, 'Initial state delivery of a map channel against a stream channel delivering the same bytes, in the same run: K keys are written into a map through the server API, then N subscribers fetch its state at once as the SDK does (state pages of the largest size the namespace allows, until the server answers live). The baseline: the same K payloads published through the API into a stream channel with N subscribers. Reports the wall time until every subscriber has everything, keys/s, bytes/s, and map ÷ stream')
            [CompletionResult]::new('push', 'push', [CompletionResultType]::ParameterValue, 'Push sending throughput: a throwaway server (this binary, `SQLite` store) with N devices per provider on a topic, one `send_push_notification` to it, and loopback FCM and APNs sinks speaking the real protocols (OAuth 2.0 JWT grant, HTTP/2 over TLS, ES256 tokens). The floor is a plain client sending the same N requests to the same sinks with the same concurrency, in the same run. Reports pushes/s and the ratio to the floor, the time from the API call to the first provider request, and the server''s RSS at two sizes')
            [CompletionResult]::new('push-floor', 'push-floor', [CompletionResultType]::ParameterValue, '`bench push`''s floor in a process of its own (started by `bench push`)')
            [CompletionResult]::new('floor', 'floor', [CompletionResultType]::ParameterValue, 'Run the baseline broadcaster (the floor) on its own, e.g. pinned to a core, to drive with `--baseline-url URL --baseline-pid PID`. Prints `listening on http://ADDR`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'centri;bench;help;fanout' {
            break
        }
        'centri;bench;help;pub' {
            break
        }
        'centri;bench;help;connect' {
            break
        }
        'centri;bench;help;idle' {
            break
        }
        'centri;bench;help;churn' {
            break
        }
        'centri;bench;help;map' {
            break
        }
        'centri;bench;help;push' {
            break
        }
        'centri;bench;help;push-floor' {
            break
        }
        'centri;bench;help;floor' {
            break
        }
        'centri;bench;help;help' {
            break
        }
        'centri;token' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a token by its `jti` (`revoke_token`): a connection holding it is closed with 3005 and the token refused with 109, so the SDK asks the app for a fresh one. Asks first')
            [CompletionResult]::new('gen', 'gen', [CompletionResultType]::ParameterValue, 'Mint a connection token')
            [CompletionResult]::new('sub', 'sub', [CompletionResultType]::ParameterValue, 'Mint a subscription token for one channel')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Verify a token and explain what is wrong with it; exit 8 when invalid')
            [CompletionResult]::new('decode', 'decode', [CompletionResultType]::ParameterValue, 'Show a token''s header and claims without verifying it')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'centri;token;revoke' {
            [CompletionResult]::new('--for', '--for', [CompletionResultType]::ParameterName, 'It ends after this long')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'It ends at this unix time (seconds)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;token;gen' {
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'u')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'user')
            [CompletionResult]::new('--ttl', '--ttl', [CompletionResultType]::ParameterName, 'Lifetime (0: no exp)')
            [CompletionResult]::new('--channels', '--channels', [CompletionResultType]::ParameterName, 'Server-side subscriptions (comma-separated)')
            [CompletionResult]::new('--info', '--info', [CompletionResultType]::ParameterName, 'Connection info (JSON)')
            [CompletionResult]::new('--caps', '--caps', [CompletionResultType]::ParameterName, 'PRO-style capabilities (JSON array)')
            [CompletionResult]::new('--aud', '--aud', [CompletionResultType]::ParameterName, 'Audience claim')
            [CompletionResult]::new('--iss', '--iss', [CompletionResultType]::ParameterName, 'Issuer claim')
            [CompletionResult]::new('--jti', '--jti', [CompletionResultType]::ParameterName, 'Token ID claim (`jti`): what `centri token revoke` takes')
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'Algorithm (default HS256 with --hmac-secret)')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'PEM key file: private to sign (RS*/ES*), public or private to check')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;token;sub' {
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'u')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'user')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'c')
            [CompletionResult]::new('--channel', '--channel', [CompletionResultType]::ParameterName, 'channel')
            [CompletionResult]::new('--ttl', '--ttl', [CompletionResultType]::ParameterName, 'ttl')
            [CompletionResult]::new('--info', '--info', [CompletionResultType]::ParameterName, 'Channel info (JSON)')
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'Algorithm (default HS256 with --hmac-secret)')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'PEM key file: private to sign (RS*/ES*), public or private to check')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;token;check' {
            [CompletionResult]::new('--channel', '--channel', [CompletionResultType]::ParameterName, 'Check it as a subscription token for this channel')
            [CompletionResult]::new('--aud', '--aud', [CompletionResultType]::ParameterName, 'Expected audience')
            [CompletionResult]::new('--iss', '--iss', [CompletionResultType]::ParameterName, 'Expected issuer')
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'Algorithm (default HS256 with --hmac-secret)')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'PEM key file: private to sign (RS*/ES*), public or private to check')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;token;decode' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;token;help' {
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a token by its `jti` (`revoke_token`): a connection holding it is closed with 3005 and the token refused with 109, so the SDK asks the app for a fresh one. Asks first')
            [CompletionResult]::new('gen', 'gen', [CompletionResultType]::ParameterValue, 'Mint a connection token')
            [CompletionResult]::new('sub', 'sub', [CompletionResultType]::ParameterValue, 'Mint a subscription token for one channel')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Verify a token and explain what is wrong with it; exit 8 when invalid')
            [CompletionResult]::new('decode', 'decode', [CompletionResultType]::ParameterValue, 'Show a token''s header and claims without verifying it')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'centri;token;help;revoke' {
            break
        }
        'centri;token;help;gen' {
            break
        }
        'centri;token;help;sub' {
            break
        }
        'centri;token;help;check' {
            break
        }
        'centri;token;help;decode' {
            break
        }
        'centri;token;help;help' {
            break
        }
        'centri;context' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add or replace a context (and make it current if it is the first)')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List contexts (secrets masked)')
            [CompletionResult]::new('use', 'use', [CompletionResultType]::ParameterValue, 'Make a context current')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a context (default: the current one), secrets masked')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a context')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'centri;context;add' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'server')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'api-key')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'admin-key')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'hmac-secret')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Refuse mutating commands in this context')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;context;ls' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;context;use' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;context;show' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;context;rm' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;context;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add or replace a context (and make it current if it is the first)')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List contexts (secrets masked)')
            [CompletionResult]::new('use', 'use', [CompletionResultType]::ParameterValue, 'Make a context current')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a context (default: the current one), secrets masked')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a context')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'centri;context;help;add' {
            break
        }
        'centri;context;help;ls' {
            break
        }
        'centri;context;help;use' {
            break
        }
        'centri;context;help;show' {
            break
        }
        'centri;context;help;rm' {
            break
        }
        'centri;context;help;help' {
            break
        }
        'centri;login' {
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'The OIDC provider''s issuer URL (default: what the server''s `admin.oidc` names)')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'The OAuth client to sign in with (default: the server''s `admin.oidc.client_id`)')
            [CompletionResult]::new('--audience', '--audience', [CompletionResultType]::ParameterName, 'The resource the access token is for, sent as RFC 8707 `resource` (default: the server''s admin.oidc.audience)')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scopes to ask for')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'How long to wait for the sign-in in the browser or on the other device')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'Sign in with the device flow: a code to enter on any device (terminals, SSH sessions)')
            [CompletionResult]::new('--browser', '--browser', [CompletionResultType]::ParameterName, 'Sign in in a browser on this machine (authorization code with PKCE on a loopback redirect). Opens $BROWSER, else xdg-open (open on macOS)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;logout' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--keep-remote', '--keep-remote', [CompletionResultType]::ParameterName, 'Only forget the tokens here; do not revoke the refresh token at the provider')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;config' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a starter config with fresh secrets')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate a config with the server''s own parser; exit 8 when invalid')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the effective config (file + environment), secrets masked')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'centri;config;init' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite an existing file')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;config;check' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Unknown keys are errors, not warnings')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;config;show' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;config;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a starter config with fresh secrets')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate a config with the server''s own parser; exit 8 when invalid')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the effective config (file + environment), secrets masked')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'centri;config;help;init' {
            break
        }
        'centri;config;help;check' {
            break
        }
        'centri;config;help;show' {
            break
        }
        'centri;config;help;help' {
            break
        }
        'centri;codes' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;doctor' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;completions' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;version' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context to use (see `centri context`)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Server API key (`http_api.key`)')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Admin key (admin endpoints)')
            [CompletionResult]::new('--hmac-secret', '--hmac-secret', [CompletionResultType]::ParameterName, 'HMAC secret used to mint tokens (`client.token.hmac_secret_key`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table on a terminal, json when piped')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, e.g. 5s, 500ms')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (on by itself when stdin is not a terminal or CI is set)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data, no notices')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging (-v: debug; -vv: each HTTP request and its timing, API key masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'centri;help' {
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run the bundled Centrifugo-compatible server')
            [CompletionResult]::new('dash', 'dash', [CompletionResultType]::ParameterValue, 'Live terminal dashboard: nodes and rates, channels, connections, a live trace, rate limits (editable), user status, permission explain and push devices, over the same API as the CLI')
            [CompletionResult]::new('pub', 'pub', [CompletionResultType]::ParameterValue, 'Publish into a channel through the server API')
            [CompletionResult]::new('broadcast', 'broadcast', [CompletionResultType]::ParameterValue, 'Publish the same data into several channels')
            [CompletionResult]::new('channel', 'channel', [CompletionResultType]::ParameterValue, 'Channels: list, presence, stats, history, history removal, resolution')
            [CompletionResult]::new('user', 'user', [CompletionResultType]::ParameterValue, 'Users: status (online, active, away), touch, forget, disconnect')
            [CompletionResult]::new('map', 'map', [CompletionResultType]::ParameterValue, 'Map channels (keyed state): read the state and the stream of changes, set and remove keys, count them, clear them')
            [CompletionResult]::new('sub', 'sub', [CompletionResultType]::ParameterValue, 'Subscribe as a real WebSocket client (protocol v2) and print what arrives')
            [CompletionResult]::new('trace', 'trace', [CompletionResultType]::ParameterValue, 'Live trace of everything that touches a user or a channel')
            [CompletionResult]::new('conn', 'conn', [CompletionResultType]::ParameterValue, 'Connections: list, inspect, disconnect')
            [CompletionResult]::new('node', 'node', [CompletionResultType]::ParameterValue, 'Nodes: list with their numbers, health')
            [CompletionResult]::new('api', 'api', [CompletionResultType]::ParameterValue, 'Call any server API method with a raw JSON body')
            [CompletionResult]::new('ratelimit', 'ratelimit', [CompletionResultType]::ParameterValue, 'Operation rate limits: view, edit live, dry-run, history, offline simulation')
            [CompletionResult]::new('push', 'push', [CompletionResultType]::ParameterValue, 'Push notification registry (Centrifugo PRO''s device and topic API): devices and the topics of devices and users')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Why a user may or may not subscribe, publish, read history or presence on a channel: the server''s ordered permission checks, with the one that decided. Exit 0 allowed, 8 denied')
            [CompletionResult]::new('proxy', 'proxy', [CompletionResultType]::ParameterValue, 'Proxies to the application backend: check a backend''s side of the contract with the exact requests the server sends (HTTP or GRPC)')
            [CompletionResult]::new('bench', 'bench', [CompletionResultType]::ParameterValue, 'Load generator: real WebSocket subscribers (protocol v2, minted tokens) and API publishers; deliveries/s, latency percentiles, missing and duplicate messages, server CPU and RSS, each also as a ratio to a baseline broadcaster run in the same invocation')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Mint, check and decode JWTs (HMAC, RSA, ECDSA)')
            [CompletionResult]::new('context', 'context', [CompletionResultType]::ParameterValue, 'Named connection settings (server, keys) in a 0600 file')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Sign in to the server''s admin endpoints with your company''s OIDC provider (the server''s admin.oidc): the tokens go into the context, and trace, ratelimit, explain and dash use them when no admin key is set, refreshing them as they expire')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Forget the context''s sign-in and revoke its refresh token at the provider')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Create, validate and show Centrifugo v6 config files')
            [CompletionResult]::new('codes', 'codes', [CompletionResultType]::ParameterValue, 'What a client, API, unsubscribe or disconnect code means')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check reachability, auth, version, latency and clock skew of a server')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('version', 'version', [CompletionResultType]::ParameterValue, 'Print the version')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'centri;help;serve' {
            break
        }
        'centri;help;dash' {
            break
        }
        'centri;help;pub' {
            break
        }
        'centri;help;broadcast' {
            break
        }
        'centri;help;channel' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'Channels with subscribers (cluster-wide)')
            [CompletionResult]::new('presence', 'presence', [CompletionResultType]::ParameterValue, 'Who is subscribed (needs presence on in the namespace)')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Number of clients and unique users subscribed')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Publications kept in history')
            [CompletionResult]::new('history-rm', 'history-rm', [CompletionResultType]::ParameterValue, 'Remove a channel''s history (the stream position stays). Asks first')
            [CompletionResult]::new('resolve', 'resolve', [CompletionResultType]::ParameterValue, 'Namespace and effective options of a channel, from the server or a config file')
            break
        }
        'centri;help;channel;ls' {
            break
        }
        'centri;help;channel;presence' {
            break
        }
        'centri;help;channel;stats' {
            break
        }
        'centri;help;channel;history' {
            break
        }
        'centri;help;channel;history-rm' {
            break
        }
        'centri;help;channel;resolve' {
            break
        }
        'centri;help;user' {
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Online, active and away status of users (needs `user_status.enabled` on the server)')
            [CompletionResult]::new('touch', 'touch', [CompletionResultType]::ParameterValue, 'Mark users active now (`update_user_status`), optionally setting their state')
            [CompletionResult]::new('forget', 'forget', [CompletionResultType]::ParameterValue, 'Forget users'' statuses (`delete_user_status`). Asks first')
            [CompletionResult]::new('disconnect', 'disconnect', [CompletionResultType]::ParameterValue, 'Disconnect every connection of a user. Asks first')
            [CompletionResult]::new('block', 'block', [CompletionResultType]::ParameterValue, 'Block a user (`block_user`): their connections on every node are closed with 3503 and their connects refused until the block ends. Asks first')
            [CompletionResult]::new('unblock', 'unblock', [CompletionResultType]::ParameterValue, 'Lift a user''s block (`unblock_user`)')
            [CompletionResult]::new('invalidate-tokens', 'invalidate-tokens', [CompletionResultType]::ParameterValue, 'Refuse every token of a user issued before a time (`invalidate_user_tokens`): live connections holding one are closed with 3005, and the SDK asks the app for a fresh token. Asks first')
            [CompletionResult]::new('access', 'access', [CompletionResultType]::ParameterValue, 'The access controls in force (centri''s `access_list`): blocked users, revoked tokens, invalidated tokens')
            break
        }
        'centri;help;user;status' {
            break
        }
        'centri;help;user;touch' {
            break
        }
        'centri;help;user;forget' {
            break
        }
        'centri;help;user;disconnect' {
            break
        }
        'centri;help;user;block' {
            break
        }
        'centri;help;user;unblock' {
            break
        }
        'centri;help;user;invalidate-tokens' {
            break
        }
        'centri;help;user;access' {
            break
        }
        'centri;help;map' {
            [CompletionResult]::new('state', 'state', [CompletionResultType]::ParameterValue, 'The keys of a map channel and their values, following the server''s pages (`-o ndjson` prints each entry as its page arrives)')
            [CompletionResult]::new('stream', 'stream', [CompletionResultType]::ParameterValue, 'The stream of changes of a recoverable or persistent map (writes and removals, with offsets)')
            [CompletionResult]::new('publish', 'publish', [CompletionResultType]::ParameterValue, 'Set a key''s value (server API `map_publish`)')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a key (server API `map_remove`)')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'The number of keys')
            [CompletionResult]::new('clear', 'clear', [CompletionResultType]::ParameterValue, 'Forget a map channel''s keys and stream (asks first)')
            break
        }
        'centri;help;map;state' {
            break
        }
        'centri;help;map;stream' {
            break
        }
        'centri;help;map;publish' {
            break
        }
        'centri;help;map;rm' {
            break
        }
        'centri;help;map;stats' {
            break
        }
        'centri;help;map;clear' {
            break
        }
        'centri;help;sub' {
            break
        }
        'centri;help;trace' {
            [CompletionResult]::new('user', 'user', [CompletionResultType]::ParameterValue, 'Everything a user''s connections do and receive')
            [CompletionResult]::new('channel', 'channel', [CompletionResultType]::ParameterValue, 'Every message flowing towards a channel''s subscribers, plus its joins, leaves and calls')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Print a recorded trace, optionally filtered')
            break
        }
        'centri;help;trace;user' {
            break
        }
        'centri;help;trace;channel' {
            break
        }
        'centri;help;trace;replay' {
            break
        }
        'centri;help;conn' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'Connections of a user (or all), newest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One connection in detail')
            [CompletionResult]::new('disconnect', 'disconnect', [CompletionResultType]::ParameterValue, 'Disconnect one connection. Asks first')
            break
        }
        'centri;help;conn;ls' {
            break
        }
        'centri;help;conn;show' {
            break
        }
        'centri;help;conn;disconnect' {
            break
        }
        'centri;help;node' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'Nodes with clients, users, channels, subscriptions and uptime, plus a total')
            [CompletionResult]::new('health', 'health', [CompletionResultType]::ParameterValue, 'Health of the server (`/health` and the API); exit 8 when unhealthy')
            break
        }
        'centri;help;node;ls' {
            break
        }
        'centri;help;node;health' {
            break
        }
        'centri;help;api' {
            break
        }
        'centri;help;ratelimit' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Effective limits (file plus live edits) and the most recent rejections')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set buckets live, e.g. `client_command.publish=10/1s`. Shows the change and asks first')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove live edits: the config file''s value applies again. Asks first')
            [CompletionResult]::new('dry-run', 'dry-run', [CompletionResultType]::ParameterValue, 'Count would-be rejections without rejecting (all limiters, one limiter or one op)')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Applied live edits: when, who, and each key''s old and new value')
            [CompletionResult]::new('simulate', 'simulate', [CompletionResultType]::ParameterValue, 'Drive the real limiter offline: what one connection sending OP at RATE would see')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check and take tokens of an arbitrary key (server API `rate_limit`), as a backend would before sending an SMS. Exit 0 allowed, 7 rate limited')
            break
        }
        'centri;help;ratelimit;show' {
            break
        }
        'centri;help;ratelimit;set' {
            break
        }
        'centri;help;ratelimit;rm' {
            break
        }
        'centri;help;ratelimit;dry-run' {
            break
        }
        'centri;help;ratelimit;history' {
            break
        }
        'centri;help;ratelimit;simulate' {
            break
        }
        'centri;help;ratelimit;check' {
            break
        }
        'centri;help;push' {
            [CompletionResult]::new('device', 'device', [CompletionResultType]::ParameterValue, 'Devices: register, list, show, update, remove')
            [CompletionResult]::new('topic', 'topic', [CompletionResultType]::ParameterValue, 'Topics of one device or one user (a user''s topics reach all of the user''s devices)')
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'Send a push notification to devices (by user, topic, id) or to provider tokens and topics: prints the send''s uid')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'What a send came to: its state, progress, per-provider counts and errors by reason. Exit 5 when there is no such send')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Cancel a send that has not ended: what is not sent yet is not sent. Exit 5 when there is no such send or it has ended')
            [CompletionResult]::new('sends', 'sends', [CompletionResultType]::ParameterValue, 'The latest sends, newest first')
            break
        }
        'centri;help;push;device' {
            [CompletionResult]::new('register', 'register', [CompletionResultType]::ParameterValue, 'Register a device (or update the one with the same provider and token, or --id): prints its id. The call states the whole device: what is left out is reset')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'Devices, following the server''s pages up to --limit. Filters of one kind match any of their values; filters of different kinds must all match')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One device with its topics and meta; exit 5 when there is none')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change devices selected by --id and/or --user: their user, meta, topics, time zone, locale')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove devices (and their topics) by id, or all of a user''s. Asks first')
            break
        }
        'centri;help;push;device;register' {
            break
        }
        'centri;help;push;device;ls' {
            break
        }
        'centri;help;push;device;show' {
            break
        }
        'centri;help;push;device;update' {
            break
        }
        'centri;help;push;device;rm' {
            break
        }
        'centri;help;push;topic' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'The topics of a device or a user, following the server''s pages up to --limit')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add topics to a device or a user')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove topics from a device or a user')
            break
        }
        'centri;help;push;topic;ls' {
            break
        }
        'centri;help;push;topic;add' {
            break
        }
        'centri;help;push;topic;rm' {
            break
        }
        'centri;help;push;send' {
            break
        }
        'centri;help;push;status' {
            break
        }
        'centri;help;push;cancel' {
            break
        }
        'centri;help;push;sends' {
            break
        }
        'centri;help;explain' {
            break
        }
        'centri;help;proxy' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Send a backend the exact request the server would send for one connect, refresh, subscribe, publish, `sub_refresh`, rpc or shared poll refresh, and show the response, the latency and what the server would decide. Exit 0 allowed, 8 denied (the backend''s error or disconnect, an expiry, a connect without a result), 6 unreachable or timed out, 1 a bad status or a body that is no proxy response, 2 bad flags')
            break
        }
        'centri;help;proxy;check' {
            break
        }
        'centri;help;bench' {
            [CompletionResult]::new('fanout', 'fanout', [CompletionResultType]::ParameterValue, 'N subscribers on M channels (client i on channel i mod M); publications through the HTTP API at a rate or as a burst. Reports deliveries/s, publish→receive latency (p50/p90/p99/p99.9), missing and duplicate messages (sequence numbers per channel)')
            [CompletionResult]::new('pub', 'pub', [CompletionResultType]::ParameterValue, 'Server API publish throughput and request latency (no subscribers)')
            [CompletionResult]::new('connect', 'connect', [CompletionResultType]::ParameterValue, 'Connection rate (connect + subscribe, until all are in) and, with --server-pid, the server''s RSS per connection. With --proxy-backend, JWT connects against connects through the server''s connect proxy, in the same run')
            [CompletionResult]::new('idle', 'idle', [CompletionResultType]::ParameterValue, 'Hold N idle connections (connected and subscribed) for a duration; with --server-pid, RSS per connection and the server''s CPU while idle')
            [CompletionResult]::new('churn', 'churn', [CompletionResultType]::ParameterValue, 'A soak: N clients connect, subscribe, read and leave over and over, some vanishing without a close, some stalling, some sending garbage, while a publisher sends numbered rounds into every channel. Samples the server''s RSS and open descriptors (with --server-pid) and counts every round a well-behaved client missed')
            [CompletionResult]::new('map', 'map', [CompletionResultType]::ParameterValue, 'Initial state delivery of a map channel against a stream channel delivering the same bytes, in the same run: K keys are written into a map through the server API, then N subscribers fetch its state at once as the SDK does (state pages of the largest size the namespace allows, until the server answers live). The baseline: the same K payloads published through the API into a stream channel with N subscribers. Reports the wall time until every subscriber has everything, keys/s, bytes/s, and map ÷ stream')
            [CompletionResult]::new('push', 'push', [CompletionResultType]::ParameterValue, 'Push sending throughput: a throwaway server (this binary, `SQLite` store) with N devices per provider on a topic, one `send_push_notification` to it, and loopback FCM and APNs sinks speaking the real protocols (OAuth 2.0 JWT grant, HTTP/2 over TLS, ES256 tokens). The floor is a plain client sending the same N requests to the same sinks with the same concurrency, in the same run. Reports pushes/s and the ratio to the floor, the time from the API call to the first provider request, and the server''s RSS at two sizes')
            [CompletionResult]::new('push-floor', 'push-floor', [CompletionResultType]::ParameterValue, '`bench push`''s floor in a process of its own (started by `bench push`)')
            [CompletionResult]::new('floor', 'floor', [CompletionResultType]::ParameterValue, 'Run the baseline broadcaster (the floor) on its own, e.g. pinned to a core, to drive with `--baseline-url URL --baseline-pid PID`. Prints `listening on http://ADDR`')
            break
        }
        'centri;help;bench;fanout' {
            break
        }
        'centri;help;bench;pub' {
            break
        }
        'centri;help;bench;connect' {
            break
        }
        'centri;help;bench;idle' {
            break
        }
        'centri;help;bench;churn' {
            break
        }
        'centri;help;bench;map' {
            break
        }
        'centri;help;bench;push' {
            break
        }
        'centri;help;bench;push-floor' {
            break
        }
        'centri;help;bench;floor' {
            break
        }
        'centri;help;token' {
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a token by its `jti` (`revoke_token`): a connection holding it is closed with 3005 and the token refused with 109, so the SDK asks the app for a fresh one. Asks first')
            [CompletionResult]::new('gen', 'gen', [CompletionResultType]::ParameterValue, 'Mint a connection token')
            [CompletionResult]::new('sub', 'sub', [CompletionResultType]::ParameterValue, 'Mint a subscription token for one channel')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Verify a token and explain what is wrong with it; exit 8 when invalid')
            [CompletionResult]::new('decode', 'decode', [CompletionResultType]::ParameterValue, 'Show a token''s header and claims without verifying it')
            break
        }
        'centri;help;token;revoke' {
            break
        }
        'centri;help;token;gen' {
            break
        }
        'centri;help;token;sub' {
            break
        }
        'centri;help;token;check' {
            break
        }
        'centri;help;token;decode' {
            break
        }
        'centri;help;context' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add or replace a context (and make it current if it is the first)')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List contexts (secrets masked)')
            [CompletionResult]::new('use', 'use', [CompletionResultType]::ParameterValue, 'Make a context current')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a context (default: the current one), secrets masked')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a context')
            break
        }
        'centri;help;context;add' {
            break
        }
        'centri;help;context;ls' {
            break
        }
        'centri;help;context;use' {
            break
        }
        'centri;help;context;show' {
            break
        }
        'centri;help;context;rm' {
            break
        }
        'centri;help;login' {
            break
        }
        'centri;help;logout' {
            break
        }
        'centri;help;config' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a starter config with fresh secrets')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate a config with the server''s own parser; exit 8 when invalid')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the effective config (file + environment), secrets masked')
            break
        }
        'centri;help;config;init' {
            break
        }
        'centri;help;config;check' {
            break
        }
        'centri;help;config;show' {
            break
        }
        'centri;help;codes' {
            break
        }
        'centri;help;doctor' {
            break
        }
        'centri;help;completions' {
            break
        }
        'centri;help;version' {
            break
        }
        'centri;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
