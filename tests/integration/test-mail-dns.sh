#!/bin/bash
# test-mail-dns.sh — mail + dns in one pod (tests/integration/pods/mail-dns.yaml).
# Asserts: both become ready; inside mail, names and the domain's MX resolve
# through dns; a message sent over SMTP from the dns container to
# mail.$DOMAIN:25 (resolved through dns) lands in /var/mail/alice; after dns
# restarts, mail resolves names again.
# Standalone, or against an existing pod: POD=… [CONTAINER_DNS=…] [CONTAINER_MAIL=…]
source "$(dirname "$0")/lib.sh"

pod_up mail-dns.yaml dns mail
wait_ready "$CONTAINER_DNS"
wait_ready "$CONTAINER_MAIL"

resolves "$CONTAINER_MAIL" "dns.$DOMAIN" 127.0.0.1
resolves "$CONTAINER_MAIL" "mail.$DOMAIN" 127.0.0.1
mx=$(podman exec "$CONTAINER_MAIL" busybox nslookup -type=mx "$DOMAIN" 2>&1) || fail "MX lookup for $DOMAIN failed in $CONTAINER_MAIL: $mx"
[[ $mx == *"mail exchanger = "*"mail.$DOMAIN"* ]] || fail "MX of $DOMAIN is not mail.$DOMAIN: $mx"
pass "MX $DOMAIN → mail.$DOMAIN"
# Postfix's own SMTP client: MX lookup through dns, then the 220 banner.
finger=$(podman exec "$CONTAINER_MAIL" timeout 10 posttls-finger -t 3 -l none "$DOMAIN" 2>&1) || true
[[ $finger == *"Connected to mail.$DOMAIN[127.0.0.1]:25"* ]] \
    || fail "postfix (posttls-finger) could not reach $DOMAIN's MX through dns: $finger"
pass "postfix's SMTP client found $DOMAIN's MX mail.$DOMAIN via dns and connected"

token=md-$$-$RANDOM
smtp_send "$CONTAINER_DNS" "mail.$DOMAIN" "alice@$DOMAIN" "$token"
wait_mailbox "$CONTAINER_MAIL" alice "$token"
token2=md2-$$-$RANDOM
smtp_send "$CONTAINER_DNS" "mail.$DOMAIN" "postmaster@$DOMAIN" "$token2"
wait_mailbox "$CONTAINER_MAIL" alice "$token2"

restart_and_recover "$CONTAINER_DNS"
resolves "$CONTAINER_MAIL" "mail.$DOMAIN" 127.0.0.1
wait_ready "$CONTAINER_MAIL"
pod_stats
