"""The store's work per request between two scrapes of the server's /metrics (Prometheus text): commits written by the
on-disk store (passport_store_commits_total) and of them those that waited the commit delay
(passport_store_commits_delayed_total), the bytes they wrote (passport_store_written_bytes_total) and store
commands by command (mongodb_driver_commands_seconds_count), and the bytes read back from the file
(passport_store_read_bytes_total: pages the store's cache did not hold).
Usage: store_per_request.py before after requests. Prints nothing when a scrape is empty (an older build, no auditor)."""
import re
import sys
from collections import Counter

LINE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+([0-9.eE+-]+)')


def read(path):
    out = Counter()
    try:
        with open(path) as f:
            for line in f:
                m = LINE.match(line)
                if not m:
                    continue
                name, labels, value = m.group(1), m.group(2) or '', float(m.group(3))
                if name == 'passport_store_commits_total':
                    out['commits'] += value
                elif name == 'passport_store_commits_delayed_total':
                    out['delayed'] += value
                elif name == 'passport_store_written_bytes_total':
                    out['written'] += value
                elif name == 'passport_store_read_bytes_total':
                    out['read'] += value
                elif name == 'mongodb_driver_commands_seconds_count':
                    command = re.search(r'command="([^"]*)"', labels)
                    out['command ' + (command.group(1) if command else '?')] += value
    except OSError:
        pass
    return out


before, after, n = read(sys.argv[1]), read(sys.argv[2]), int(sys.argv[3])
if not after or n <= 0:
    sys.exit(0)
delta = {k: after[k] - before.get(k, 0) for k in after}
commands = {k[len('command '):]: v for k, v in delta.items() if k.startswith('command ') and v > 0}
parts = ', '.join('%s %.2f' % (k, v / n) for k, v in sorted(commands.items(), key=lambda kv: -kv[1]))
print('store per request: %.2f commits (%.2f delayed); %.2f commands (%s); %.1f KB written; %.1f KB read from the file' % (
    delta.get('commits', 0) / n, delta.get('delayed', 0) / n, sum(commands.values()) / n, parts, delta.get('written', 0) / n / 1024,
    delta.get('read', 0) / n / 1024))
