"""Where a recording's CPU samples fall: by thread, by the method on top of the stack (self) and by every method on
the stack (inclusive, optionally only those matching a pattern), over a window of the run (the measured phase, not
the start or the warm-up).
Usage: jfr print --events jdk.ExecutionSample --stack-depth 200 run.jfr > cpu.txt
       jfr_cpu.py cpu.txt FROM TO [PATTERN]     (FROM, TO: start times as jfr prints them, e.g. 23:58:14 23:58:43)
JFR keeps 64 frames a sample unless the run says otherwise (-XX:FlightRecorderOptions:stackdepth=N): a deeper stack
loses its outermost frames, so an inclusive share is at least what is printed; the share of samples cut is printed."""
import re
import sys
from collections import Counter

START = re.compile(r'startTime = (\S+)')
THREAD = re.compile(r'sampledThread = "([^"]*)"')


def samples(path, since, until):
    with open(path) as f:
        text = f.read()
    for block in text.split('jdk.ExecutionSample {')[1:]:
        started = START.search(block)
        if not started or not since <= started.group(1) <= until:
            continue
        thread = THREAD.search(block)
        stack = block.split('stackTrace = [', 1)[1].split('\n  ]', 1)[0]
        frames = [re.sub(r'\(.*', '', line.strip()) for line in stack.strip().split('\n')]
        cut = frames and frames[-1] == '...'
        frames = [f for f in frames if f and f != '...']
        if frames:
            yield re.sub(r'\d+', '#', thread.group(1) if thread else '?'), frames, cut


def main():
    path, since, until = sys.argv[1], sys.argv[2], sys.argv[3]
    pattern = re.compile(sys.argv[4]) if len(sys.argv) > 4 else None
    threads, own, anywhere = Counter(), Counter(), Counter()
    n = cut = deepest = 0
    for thread, frames, truncated in samples(path, since, until):
        n += 1
        cut += truncated
        deepest = max(deepest, len(frames))
        threads[thread] += 1
        own[frames[0]] += 1
        for f in set(frames):
            anywhere[f] += 1
    if n == 0:
        print('no samples between', since, 'and', until)
        return
    print(f'{n} samples, {100 * cut / n:.1f}% of them cut at {deepest} frames')
    print('-- by thread')
    for name, k in threads.most_common(10):
        print(f'{100 * k / n:5.1f}% {name}')
    print('-- self')
    for name, k in own.most_common(25):
        print(f'{100 * k / n:5.1f}% {name}')
    print('-- inclusive' + (f' ({pattern.pattern})' if pattern else ''))
    shown = 0
    for name, k in anywhere.most_common():
        if pattern is None or pattern.search(name):
            print(f'{100 * k / n:5.1f}% {name}')
            shown += 1
            if shown >= 60:
                break


if __name__ == '__main__':
    main()
