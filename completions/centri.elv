
use builtin;
use str;

set edit:completion:arg-completer[centri] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'centri'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'centri'= {
            cand -v 'More logging (-v: debug, -vv: trace)'
            cand --verbose 'More logging (-v: debug, -vv: trace)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand serve 'Run the bundled Centrifugo-compatible server'
            cand completions 'Print a shell completion script'
            cand version 'Print the version'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'centri;serve'= {
            cand -c 'A Centrifugo v6 JSON config file'
            cand --config 'A Centrifugo v6 JSON config file'
            cand -p 'Port to listen on (0 picks a free one); overrides `http_server.port`'
            cand --port 'Port to listen on (0 picks a free one); overrides `http_server.port`'
            cand -a 'Address to bind; overrides `http_server.address`'
            cand --address 'Address to bind; overrides `http_server.address`'
            cand --dev 'INSECURE development mode: made-up keys, permissive channels, 127.0.0.1 only'
            cand -v 'More logging (-v: debug, -vv: trace)'
            cand --verbose 'More logging (-v: debug, -vv: trace)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'centri;completions'= {
            cand -v 'More logging (-v: debug, -vv: trace)'
            cand --verbose 'More logging (-v: debug, -vv: trace)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'centri;version'= {
            cand -v 'More logging (-v: debug, -vv: trace)'
            cand --verbose 'More logging (-v: debug, -vv: trace)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'centri;help'= {
            cand serve 'Run the bundled Centrifugo-compatible server'
            cand completions 'Print a shell completion script'
            cand version 'Print the version'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'centri;help;serve'= {
        }
        &'centri;help;completions'= {
        }
        &'centri;help;version'= {
        }
        &'centri;help;help'= {
        }
    ]
    $completions[$command]
}
