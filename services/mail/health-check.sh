#!/bin/bash
# health-check.sh [live|ready]   (default: ready)
#
#   live   the SMTP server on 127.0.0.1:25 greets with a 220 banner
#   ready  a full SMTP dialogue up to RCPT: EHLO, MAIL FROM:<>,
#          RCPT TO:<postmaster@$DOMAIN> is accepted (250), then RSET/QUIT —
#          proves smtpd, the aliases and the local recipient maps work.
# Exit 0 healthy, 1 unhealthy (reason on stderr).  Bounded to 2 s.
DOMAIN=${DOMAIN:-podserve.local}
mode=${1:-ready}
case $mode in live|ready) ;; *) echo "usage: health-check.sh [live|ready]" >&2; exit 64 ;; esac

probe() {
    exec 3<>/dev/tcp/127.0.0.1/25 2>/dev/null || { echo "$mode: cannot connect to 127.0.0.1:25" >&2; return 1; }
    reply() {   # read a (multi-line) reply; check its code is $1
        local line code
        while IFS= read -r -u 3 line; do
            line=${line%$'\r'}
            code=${line:0:3}
            [[ ${line:3:1} == - ]] && continue
            [[ $code == "$1" ]] && return 0
            echo "$mode: expected $1 after $2, got: $line" >&2
            return 1
        done
        echo "$mode: connection closed after $2" >&2
        return 1
    }
    send() { printf '%s\r\n' "$1" >&3; }
    reply 220 connect || return 1
    if [[ $mode == ready ]]; then
        send "EHLO health-check.$DOMAIN";              reply 250 EHLO || return 1
        send "MAIL FROM:<>";                           reply 250 "MAIL FROM" || return 1
        send "RCPT TO:<postmaster@$DOMAIN>";           reply 250 "RCPT TO:<postmaster@$DOMAIN>" || return 1
        send "RSET";                                   reply 250 RSET || return 1
    fi
    send QUIT
    reply 221 QUIT || return 1
    exec 3>&-
    return 0
}
export -f probe
export mode DOMAIN
timeout 2 bash -c probe
rc=$?
[[ $rc -eq 124 ]] && echo "$mode: SMTP probe timed out after 2 s" >&2
[[ $rc -eq 0 ]] || exit 1
exit 0
