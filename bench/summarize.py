#!/usr/bin/python3
"""Summarize a bench/run CSV: one table per N, medians over the valid runs.

Setup and teardown are the contender's wall time as measured by ptime, except
for nslab-api, whose time is the in-JVM figure it prints (NSLAB_INTERNAL_SECONDS;
JVM start-up excluded); its whole-process wall is shown on a line below.
nslab is ./nslab served by its daemon (warmed before the measurements); nslab-cold is
./nslab with NSLAB_DAEMON=off: a JVM of its own for every command.
"complete" runs from the start of the teardown command until no pbv link is left.
"""
import csv, statistics, sys

rows = list(csv.DictReader(open(sys.argv[1])))
two_hosts = [r for r in rows if r['contender'].startswith('two-hosts:')]
rows = [r for r in rows if not r['contender'].startswith('two-hosts:')]
order = ['ip', 'ip-batch', 'pyroute2', 'C', 'nslab-api', 'nslab-api-warm', 'nslab', 'nslab-cold']
for r in rows:
    if r['contender'] not in order:
        order.append(r['contender'])
ns = sorted({int(r['n']) for r in rows})


def f(x):
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


def med(vals):
    vals = [v for v in vals if v is not None]
    return statistics.median(vals) if vals else None


def fmt(v, w=8):
    return ('%.3f' % v).rjust(w) if v is not None else '-'.rjust(w)


def ratio(a, b):
    return ('%.2fx' % (a / b)).rjust(7) if a is not None and b else '-'.rjust(7)


def stats(rs, c):
    ok = [r for r in rs if r['valid'] == 'OK']
    api = c.startswith('nslab-api')
    setup = med([f(r['setup_internal'] if api else r['setup_wall']) for r in ok])
    td = med([f(r['td_internal']) if api and f(r['td_internal']) is not None else f(r['td_wall']) for r in ok])
    return dict(n_ok=len(ok), n=len(rs), setup=setup, td=td,
                cpu=med([(f(r['setup_user']) or 0) + (f(r['setup_sys']) or 0) for r in ok]),
                complete=med([f(r['td_complete']) for r in ok]),
                proc_setup=med([f(r['setup_wall']) for r in ok]),
                proc_td=med([f(r['td_wall']) for r in ok]),
                rss=max([int(r[k]) for r in ok for k in ('setup_maxrss_kb', 'td_maxrss_kb') if r[k]] or [0]))


for n in ns:
    at = [r for r in rows if int(r['n']) == n]
    st = {}
    for c in order:
        rs = [r for r in at if r['contender'] == c and r['valid'] in ('OK', 'INVALID')]
        if rs:
            st[c] = stats(rs, c)
    C, IB = st.get('C', {}), st.get('ip-batch', {})
    print('N=%d  (median over valid runs; seconds)' % n)
    print('  %-14s %5s %8s %7s %7s %8s %8s %7s %8s %7s' % (
        'contender', 'valid', 'setup', 'vs C', 'vs ipb', 'usr+sys', 'teardown', 'vs C', 'complete', 'vs C'))
    extra = []
    for c in order:
        if c in st:
            s = st[c]
            print('  %-14s %5s %s %s %s %s %s %s %s %s' % (
                c, '%d/%d' % (s['n_ok'], s['n']), fmt(s['setup']), ratio(s['setup'], C.get('setup')),
                ratio(s['setup'], IB.get('setup')), fmt(s['cpu']), fmt(s['td']), ratio(s['td'], C.get('td')),
                fmt(s['complete']), ratio(s['complete'], C.get('complete'))))
            if s['n_ok'] < s['n']:
                extra.append('  !! %s: %d of %d runs INVALID (see the CSV note column)' % (c, s['n'] - s['n_ok'], s['n']))
            if c == 'nslab-api':
                extra.append('  nslab-api: setup/teardown above are in-JVM; whole process: setup %s s, teardown %s s'
                             % (fmt(s['proc_setup'], 0), fmt(s['proc_td'], 0)))
            if c == 'nslab-api-warm':
                extra.append('  nslab-api-warm: the in-JVM setup after a warm-up star of the same N in the same JVM'
                             ' (built, removed, kernel idle again); its teardown is a cold JVM\'s')
            if c in ('nslab', 'nslab-cold', 'nslab-api') and s['rss']:
                extra.append('  peak RSS %s: %.0f MiB%s' % (c, s['rss'] / 1024,
                             ' (the daemon\'s VmHWM so far: every N of this run until now)' if c == 'nslab' else ''))
        else:
            other = [r for r in at if r['contender'] == c]
            if other:
                print('  %-14s %s (%s)' % (c, 'n/a' if other[0]['valid'] == 'n/a' else 'skipped', other[0]['note']))
    for e in extra:
        print(e)
    print()


# Cost per namespace: setup median / N, in milliseconds, for each contender and N.
if ns:
    print('Setup cost per namespace (ms; median setup / N)')
    print('  %-14s' % 'contender' + ''.join(('N=%d' % n).rjust(9) for n in ns))
    for c in order:
        line, any_value = '  %-14s' % c, False
        for n in ns:
            rs = [r for r in rows if int(r['n']) == n and r['contender'] == c and r['valid'] == 'OK']
            s = stats(rs, c)['setup'] if rs else None
            any_value |= s is not None
            line += (('%.3f' % (1000 * s / n)) if s is not None else '-').rjust(9)
        if any_value:
            print(line)
    print()

# The two-namespace example: nslab's whole process beside the shell script it replaces.
if two_hosts:
    print('two-hosts example, whole process (median over valid runs; seconds)')
    for phase in ('setup', 'teardown'):
        b = med([f(r['setup_wall']) for r in two_hosts if r['contender'] == 'two-hosts:bash:' + phase and r['valid'] == 'OK'])
        for c in ('nslab', 'nslab-cold'):
            n = med([f(r['setup_wall']) for r in two_hosts if r['contender'] == 'two-hosts:%s:%s' % (c, phase) and r['valid'] == 'OK'])
            runs = len([r for r in two_hosts if r['contender'] == 'two-hosts:%s:%s' % (c, phase)])
            if runs:
                print('  %-9s bash (ip commands) %s   %-10s %s   %s/bash %s   (%d runs)' % (
                    phase, fmt(b), c, fmt(n), c, ratio(n, b), runs))
    print('  (nslab up also waits until the links are really up and runs the script\'s ping expectation)')
    print()
