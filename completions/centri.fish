# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_centri_global_optspecs
    string join \n v/verbose h/help V/version
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

complete -c centri -n "__fish_centri_needs_command" -s v -l verbose -d 'More logging (-v: debug, -vv: trace)'
complete -c centri -n "__fish_centri_needs_command" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_needs_command" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_needs_command" -f -a "serve" -d 'Run the bundled Centrifugo-compatible server'
complete -c centri -n "__fish_centri_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c centri -n "__fish_centri_needs_command" -f -a "version" -d 'Print the version'
complete -c centri -n "__fish_centri_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c centri -n "__fish_centri_using_subcommand serve" -s c -l config -d 'A Centrifugo v6 JSON config file' -r
complete -c centri -n "__fish_centri_using_subcommand serve" -s p -l port -d 'Port to listen on (0 picks a free one); overrides `http_server.port`' -r
complete -c centri -n "__fish_centri_using_subcommand serve" -s a -l address -d 'Address to bind; overrides `http_server.address`' -r
complete -c centri -n "__fish_centri_using_subcommand serve" -l dev -d 'INSECURE development mode: made-up keys, permissive channels, 127.0.0.1 only'
complete -c centri -n "__fish_centri_using_subcommand serve" -s v -l verbose -d 'More logging (-v: debug, -vv: trace)'
complete -c centri -n "__fish_centri_using_subcommand serve" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand serve" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand completions" -s v -l verbose -d 'More logging (-v: debug, -vv: trace)'
complete -c centri -n "__fish_centri_using_subcommand completions" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand completions" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand version" -s v -l verbose -d 'More logging (-v: debug, -vv: trace)'
complete -c centri -n "__fish_centri_using_subcommand version" -s h -l help -d 'Print help'
complete -c centri -n "__fish_centri_using_subcommand version" -s V -l version -d 'Print version'
complete -c centri -n "__fish_centri_using_subcommand help; and not __fish_seen_subcommand_from serve completions version help" -f -a "serve" -d 'Run the bundled Centrifugo-compatible server'
complete -c centri -n "__fish_centri_using_subcommand help; and not __fish_seen_subcommand_from serve completions version help" -f -a "completions" -d 'Print a shell completion script'
complete -c centri -n "__fish_centri_using_subcommand help; and not __fish_seen_subcommand_from serve completions version help" -f -a "version" -d 'Print the version'
complete -c centri -n "__fish_centri_using_subcommand help; and not __fish_seen_subcommand_from serve completions version help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
