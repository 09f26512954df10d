/* evidence — the ledger's proof of a check (台账): certificates, awards,
 * inspection reports, photos.  An evidence record (kind `evidence`,
 * record_kinds.c) sits under the check it proves; a check may have
 * several (a certificate and its renewal).  The file kept for it, if any,
 * lives under evidence/UNIT/ (evidence_file.h).
 *
 * Validity is computed, never typed.  A record with a `valid_until` is
 *   expired   when valid_until < today (the last day is still valid),
 *   expiring  when today <= valid_until <= today + window,
 *   valid     after that;
 * a record without one never expires (a photo, a report).  A record that
 * expired or is expiring while another record of the same check is valid
 * longer has been renewed: it is not counted against the check.  The
 * check's own evidence state is that of its record valid the longest.
 * The window is qtown.yaml's `expiring_days` (default 60).  Evidence of a
 * check the unit no longer carries (an attribute changed: applies.h) is
 * kept but neither counted nor listed. */
#ifndef QTOWN_EVIDENCE_H
#define QTOWN_EVIDENCE_H

#include "model/workspace.h"

#include <stdbool.h>
#include <stdint.h>

typedef enum ev_validity {
    EV_NONE,     /* a check without evidence */
    EV_NO_END,   /* no valid_until: does not expire */
    EV_VALID,    /* valid beyond the window */
    EV_EXPIRING, /* valid for `days_left` more days (0: today is the last) */
    EV_EXPIRED,  /* valid_until is past */
    EV_RENEWED,  /* expired or expiring, but the check has a later one */
} ev_validity;

/* The word for a validity in the interface ("expired", "已过期"). */
const char *ev_validity_title(ev_validity v);
/* The word for it in data (CSV): "", "no-end", "valid", "expiring",
 * "expired", "renewed" — stable whatever the language. */
const char *ev_validity_name(ev_validity v);
/* Whether a validity is a problem a meeting hears of. */
bool ev_validity_alerts(ev_validity v);

/* One record's validity; *until (may be NULL) its valid_until in days
 * (INT64_MAX when none). */
ev_validity ev_record_validity(const unit *u, const unit_record *r, int64_t today, int window,
                               int64_t *until);
/* A check's evidence state: EV_NONE when it has no evidence record, else
 * the validity of its record valid the longest. */
ev_validity ev_check_validity(const unit *u, const plan_check *c, int64_t today, int window);

/* A unit's evidence at a glance: checks whose evidence expired or is
 * expiring (renewed records left out), and evidence records in all. */
typedef struct ev_counts {
    size_t records, expired, expiring;
} ev_counts;
void ev_count(const unit *u, int64_t today, int window, ev_counts *c);

/* The evidence records of a workspace, for `qtown evidence` and the
 * meeting: expired first (longest expired first), then expiring (soonest
 * first), then the rest by unit and check. */
typedef enum ev_filter {
    EV_ALL,           /* every record */
    EV_ONLY_EXPIRED,  /* expired */
    EV_ONLY_EXPIRING, /* expiring */
    EV_ONLY_ALERTS,   /* expired or expiring */
} ev_filter;

typedef struct ev_item {
    size_t unit; /* index into workspace.units */
    /* NULL in a list made from the summaries (ev_list_alerts): the record
     * is then found in the unit when shown (ev_item_record) */
    const unit_record *r;
    size_t record; /* its index in the unit's records */
    const plan_check *check;
    ev_validity validity;
    int64_t until; /* INT64_MAX when none */
} ev_item;

typedef struct ev_list {
    ev_item *items;
    size_t n;
    int64_t today;
    int window;
} ev_list;

/* Of every loaded unit (only != SIZE_MAX: of that unit alone).  The
 * units must outlive the list and stay unchanged. */
void ev_list_build(ev_list *l, const workspace *ws, size_t only, ev_filter f, int64_t today,
                   int window);
void ev_list_free(ev_list *l);

/* What the overview needs of an evidence record that can alert, small
 * enough to keep for every unit of a district (model/summary.h).  A
 * record can alert only when it has a valid_until, belongs to a check the
 * unit carries and no record of that check is valid longer (else it is
 * renewed): its validity is then its valid_until's alone, whatever the
 * day and the window. */
typedef struct ev_fact {
    int64_t until;
    uint32_t check;  /* its plan_check.order */
    uint32_t record; /* its index in the unit's records */
} ev_fact;
/* The unit's records that can alert, in file order, into `out` (room for
 * u->n_records); returns how many. */
size_t ev_facts_of(const unit *u, ev_fact *out);
/* The records that alert (expired or expiring) of every unit that has a
 * summary, from the summaries alone (no file is read): the list
 * ev_list_build gives with EV_ONLY_ALERTS over every unit read whole, in
 * the same order, but with its records left NULL. */
void ev_list_alerts(ev_list *l, const workspace *ws, int64_t today, int window);
/* The record an item is about, in its unit `u` read whole; NULL when the
 * unit holds it no more (its file changed since the list was made). */
const unit_record *ev_item_record(const unit *u, const ev_item *it);

/* "valid until 2017-05-31 (expired 12 days ago)", "valid from ... until
 * ...", "no end date": a record's validity in words, in the interface's
 * language. */
void ev_describe_validity(const unit_record *r, ev_validity v, int64_t until, int64_t today,
                          strbuf *out);

/* A record in one line: "ISO 9001 证书, No. 123, 常州市质监局; valid until
 * 2016-08-01 (18 days left)" (the file is not named). */
void ev_describe(const unit_record *r, ev_validity v, int64_t until, int64_t today, strbuf *out);
/* "[evidence expired]" / "[evidence expiring]" for a check whose evidence
 * alerts, else nothing. */
void ev_check_tag(ev_validity v, strbuf *out);

#endif
