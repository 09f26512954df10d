/* model/merge and model/merge_file: the three-way merge of a unit, in
 * every combination of what each side did to a check, an attribute, the
 * name, the history and the unit itself. */
#include "harness.h"

#include "model/merge.h"
#include "model/merge_file.h"
#include "util/strbuf.h"
#include "util/text.h"
#include "util/xalloc.h"

#include <stdlib.h>

#define NOW "2026-01-01T00:00:00+08:00"

static plan P;

static int load_plan(void **state)
{
    char *path = xasprintf("%s/mini-plan.yaml", getenv("QTOWN_TEST_DATA"));
    diag_list dl = DIAG_LIST_INIT;
    bool ok = plan_load_file(&P, path, &dl);
    diag_print(&dl, stderr);
    diag_clear(&dl);
    free(path);
    return ok ? 0 : -1;
}

static int free_plan(void **state)
{
    plan_free(&P);
    return 0;
}

/* An enterprise "acme" from the rest of its file. */
static unit *ent(const char *body)
{
    char *text = xasprintf("id: acme\nkind: enterprise\n%s", body);
    diag_list dl = DIAG_LIST_INIT;
    unit *u = unit_parse(&P, "acme.yaml", text, strlen(text), "acme", KIND_ENTERPRISE, &dl);
    if (!u)
        diag_print(&dl, stderr);
    diag_clear(&dl);
    free(text);
    assert_non_null(u);
    return u;
}

/* Acme with one state of O1.iso. */
static unit *iso(const char *st, const char *updated, const char *by)
{
    char *body = xasprintf("name: Acme\nchecks:\n  O1.iso:\n    status: %s\n"
                           "    updated: %s\n    by: %s\n",
                           st, updated, by);
    unit *u = ent(body);
    free(body);
    return u;
}

static char *text_of(const unit *u)
{
    if (!u)
        return xstrdup("(removed)");
    strbuf sb = STRBUF_INIT;
    diag_list dl = DIAG_LIST_INIT;
    assert_true(unit_write(u, &sb, "out", &dl));
    return sb_steal(&sb);
}

/* Merges and returns the merged file's text (or "(removed)"). */
static char *merged(const unit *b, const unit *o, const unit *t, merge_report *rep)
{
    unit *m = unit_merge(b, o, t, NOW, rep);
    char *s = text_of(m);
    unit_free(m);
    return s;
}

static void assert_contains(const char *hay, const char *needle)
{
    if (!strstr(hay, needle))
        fail_msg("expected '%s' in:\n%s", needle, hay);
}

static void assert_lacks(const char *hay, const char *needle)
{
    if (strstr(hay, needle))
        fail_msg("did not expect '%s' in:\n%s", needle, hay);
}

/* ---- every combination of three versions of one check ------------------- */

/* The versions a check can have on a side. */
static const char *const states[] = {
    NULL, /* absent */
    "    status: doing\n    updated: 2025-01-01T08:00:00+08:00\n    by: base\n",
    "    status: done\n    updated: 2025-02-01T08:00:00+08:00\n    by: ann\n",
    "    status: failed\n    note: broken seal\n    updated: 2025-03-01T08:00:00+08:00\n    by: "
    "bob\n",
    /* the same content as [2], later and by someone else */
    "    status: done\n    updated: 2025-03-01T08:00:00+08:00\n    by: carl\n",
    /* updated at the very instant of [3] (another offset): a tie */
    "    status: na\n    note: closed\n    updated: 2025-03-01T00:00:00Z\n    by: dan\n",
    /* no updated at all (a hand edit) */
    "    status: failed\n",
};
#define N_STATES (sizeof states / sizeof *states)

static unit *with_state(size_t i)
{
    char *body = xasprintf("name: Acme\nchecks:\n%s%s", states[i] ? "  O1.iso:\n" : "",
                           states[i] ? states[i] : "");
    if (!states[i]) {
        free(body);
        body = xstrdup("name: Acme\nchecks: {}\n");
    }
    unit *u = ent(body);
    free(body);
    return u;
}

/* A side's change is in the result: its state is the result's, or a merge
 * entry records its status (and its note where it had one). */
static void assert_change_kept(const unit *r, const unit *side, const unit *base)
{
    const check_state *s = unit_find_check(side, "O1.iso");
    const check_state *b = unit_find_check(base, "O1.iso");
    if (check_state_equal(s, b) || !s)
        return;
    const check_state *got = unit_find_check(r, "O1.iso");
    if (got && got->status == s->status && (!s->note || (got->note && !strcmp(got->note, s->note))))
        return;
    for (size_t i = 0; i < r->n_history; i++) {
        const history_entry *h = &r->history[i];
        if (h->event && !strcmp(h->event, "merge") && h->to == s->status &&
            (!s->note || (h->note && !strcmp(h->note, s->note)) ||
             (got && got->note && !strcmp(got->note, s->note))))
            return;
    }
    fail_msg("a change to %s is lost", status_name(s->status));
}

static void test_every_combination_of_one_check(void **state)
{
    unit *u[N_STATES];
    for (size_t i = 0; i < N_STATES; i++)
        u[i] = with_state(i);
    for (size_t b = 0; b < N_STATES; b++)
        for (size_t o = 0; o < N_STATES; o++)
            for (size_t t = 0; t < N_STATES; t++) {
                merge_report rep = {0};
                unit *r = unit_merge(u[b], u[o], u[t], NOW, &rep);
                assert_non_null(r); /* a check's removal never removes the unit */
                char *got = text_of(r), *swapped = merged(u[b], u[t], u[o], NULL);
                /* the same result whichever side is "ours" */
                if (strcmp(got, swapped) != 0)
                    fail_msg("b=%zu o=%zu t=%zu not symmetric:\n%s\n---\n%s", b, o, t, got,
                             swapped);
                /* one-sided changes are taken as they are */
                if (check_state_equal(unit_find_check(u[o], "O1.iso"),
                                      unit_find_check(u[t], "O1.iso")) ||
                    check_state_equal(unit_find_check(u[b], "O1.iso"),
                                      unit_find_check(u[t], "O1.iso")))
                    assert_true(check_state_equal(unit_find_check(r, "O1.iso"),
                                                  unit_find_check(u[o], "O1.iso")));
                else if (check_state_equal(unit_find_check(u[b], "O1.iso"),
                                           unit_find_check(u[o], "O1.iso")))
                    assert_true(check_state_equal(unit_find_check(r, "O1.iso"),
                                                  unit_find_check(u[t], "O1.iso")));
                assert_change_kept(r, u[o], u[b]);
                assert_change_kept(r, u[t], u[b]);
                /* the result is stable: merging it with itself changes nothing */
                char *again = merged(r, r, r, NULL);
                assert_string_equal(again, got);
                /* and merging it again with either side adds nothing new */
                char *re = merged(u[b], r, u[o], NULL);
                unit *rr = unit_merge(u[b], r, u[o], NOW, NULL);
                assert_int_equal(rr->n_history, r->n_history);
                unit_free(rr);
                free(re);
                free(again);
                free(got);
                free(swapped);
                unit_free(r);
                merge_report_free(&rep);
            }
    for (size_t i = 0; i < N_STATES; i++)
        unit_free(u[i]);
}

/* ---- named cases, with their exact outcome ---------------------------------- */

static void test_different_checks_never_conflict(void **state)
{
    unit *b = ent("name: Acme\nchecks:\n  O1.iso:\n    status: todo\n");
    unit *o = iso("done", "2025-02-01T08:00:00+08:00", "ann");
    unit *t =
        ent("name: Acme\nchecks:\n  O1.iso:\n    status: todo\n  M1.letter:\n    status: done\n"
            "    updated: 2025-01-01T08:00:00+08:00\n    by: bob\n");
    merge_report rep = {0};
    char *s = merged(b, o, t, &rep);
    assert_contains(s, "  O1.iso:\n    status: done\n");
    assert_contains(s, "  M1.letter:\n    status: done\n");
    assert_int_equal(rep.n_conflicts, 0);
    assert_lacks(s, "event: merge");
    free(s);
    merge_report_free(&rep);
    unit_free(b), unit_free(o), unit_free(t);
}

static void test_same_check_later_wins_loser_in_history(void **state)
{
    unit *b = ent("name: Acme\nchecks:\n  O2.people:\n    status: doing\n    value: 10\n"
                  "    updated: 2025-01-01T08:00:00+08:00\n    by: base\n");
    unit *o = ent("name: Acme\nchecks:\n  O2.people:\n    status: done\n    value: 70\n"
                  "    note: all trained\n    updated: 2025-02-01T08:00:00+08:00\n    by: ann\n");
    unit *t = ent("name: Acme\nchecks:\n  O2.people:\n    status: failed\n    value: 40\n"
                  "    note: |\n      half came\n      rest in May\n"
                  "    updated: 2025-02-02T08:00:00+08:00\n    by: bob\n");
    merge_report rep = {0};
    char *s = merged(b, o, t, &rep);
    /* theirs is later: kept whole */
    assert_contains(s, "    status: failed\n    value: 40\n");
    assert_contains(s, "    by: bob\n");
    /* ours is in the history, with its value and note */
    assert_contains(s,
                    "- {at: '2025-02-01T08:00:00+08:00', by: ann, check: O2.people, from: doing, "
                    "to: done, value: 70, note: all trained, event: merge}");
    assert_int_equal(rep.n_conflicts, 1);
    assert_int_equal(rep.conflicts[0].what, MERGE_CHECK);
    assert_string_equal(rep.conflicts[0].key, "O2.people");
    assert_true(rep.conflicts[0].theirs_won);
    assert_string_equal(rep.conflicts[0].kept, "failed = 40");
    assert_string_equal(rep.conflicts[0].dropped, "done = 70");
    assert_string_equal(rep.conflicts[0].dropped_by, "ann");
    free(s);
    merge_report_free(&rep);
    /* the same merge seen from the other side */
    s = merged(b, t, o, &rep);
    assert_contains(s, "    status: failed\n    value: 40\n");
    assert_contains(s, "to: done, value: 70, note: all trained, event: merge}");
    assert_false(rep.conflicts[0].theirs_won);
    free(s);
    merge_report_free(&rep);
    unit_free(b), unit_free(o), unit_free(t);
}

static void test_instants_not_texts_are_compared(void **state)
{
    /* 09:00+08:00 is 01:00Z: earlier than 02:00Z although its text sorts later */
    unit *b = ent("name: Acme\nchecks: {}\n");
    unit *o = iso("done", "2025-02-01T09:00:00+08:00", "ann");
    unit *t = iso("failed", "2025-02-01T02:00:00Z", "bob");
    char *s = merged(b, o, t, NULL);
    assert_contains(s, "    status: failed\n");
    assert_contains(s, "by: ann, check: O1.iso, from: todo, to: done, event: merge}");
    free(s);
    unit_free(b), unit_free(o), unit_free(t);
}

/* Merges versions whose states say the same: the later one is kept, with
 * no conflict and no merge entry in the history; frees them. */
static void assert_merges_without_entry(unit *b, unit *o, unit *t, const char *kept_by)
{
    merge_report rep = {0};
    char *s = merged(b, o, t, &rep);
    assert_contains(s, kept_by);
    assert_lacks(s, "history");
    assert_int_equal(rep.n_conflicts, 0);
    free(s);
    merge_report_free(&rep);
    unit_free(b), unit_free(o), unit_free(t);
}

static void test_same_content_no_merge_entry(void **state)
{
    assert_merges_without_entry(ent("name: Acme\nchecks:\n  O1.iso:\n    status: todo\n"),
                                iso("done", "2025-02-01T08:00:00+08:00", "ann"),
                                iso("done", "2025-02-03T08:00:00+08:00", "bob"), "    by: bob\n");
}

/* A note's trailing line ends are not part of it (unit_same_note): a
 * note written as a block scalar on one side and typed without its last
 * newline on the other is the same note, not a conflict. */
static void test_same_note_but_its_line_end(void **state)
{
    assert_merges_without_entry(
        ent("name: Acme\nchecks:\n  O1.iso:\n    status: todo\n"),
        ent("name: Acme\nchecks:\n  O1.iso:\n    status: done\n    note: |\n      seal ok\n"
            "    updated: 2025-02-01T08:00:00+08:00\n    by: ann\n"),
        ent("name: Acme\nchecks:\n  O1.iso:\n    status: done\n    note: seal ok\n"
            "    updated: 2025-02-03T08:00:00+08:00\n    by: bob\n"),
        "    by: bob\n");
}

static void test_check_removed_and_changed_is_kept(void **state)
{
    unit *b =
        ent("name: Acme\nchecks:\n  O1.iso:\n    status: todo\n  M1.letter:\n    status: todo\n");
    unit *o = ent("name: Acme\nchecks:\n  M1.letter:\n    status: todo\n"); /* O1.iso removed */
    unit *t =
        ent("name: Acme\nchecks:\n  O1.iso:\n    status: done\n  M1.letter:\n    status: todo\n");
    merge_report rep = {0};
    char *s = merged(b, o, t, &rep);
    assert_contains(s, "  O1.iso:\n    status: done\n");
    assert_true(rep.kept_changed);
    free(s);
    merge_report_free(&rep);
    /* removed on one side, left alone on the other: removed */
    unit *t2 =
        ent("name: Acme\nchecks:\n  O1.iso:\n    status: todo\n  M1.letter:\n    status: doing\n");
    s = merged(b, o, t2, NULL);
    assert_lacks(s, "O1.iso");
    assert_contains(s, "  M1.letter:\n    status: doing\n");
    free(s);
    unit_free(b), unit_free(o), unit_free(t), unit_free(t2);
}

/* ---- attributes and name ---------------------------------------------------- */

static void test_attributes_per_key(void **state)
{
    unit *b = ent("name: Acme\nattributes:\n  annual_sales_wan: 100\n  industrial: true\n"
                  "  size: small\nchecks: {}\n");
    /* ours: sales changed, size removed; theirs: industrial changed */
    unit *o =
        ent("name: Acme\nattributes:\n  annual_sales_wan: 3500\n  industrial: true\nchecks: {}\n");
    unit *t = ent("name: Acme\nattributes:\n  annual_sales_wan: 100\n  industrial: false\n"
                  "  size: small\nchecks: {}\n");
    merge_report rep = {0};
    char *s = merged(b, o, t, &rep);
    assert_contains(s, "attributes:\n  annual_sales_wan: 3500\n  industrial: false\nchecks");
    assert_lacks(s, "size"); /* removed on one side, untouched on the other */
    assert_int_equal(rep.n_conflicts, 0);
    free(s);
    merge_report_free(&rep);
    /* added on one side */
    unit *b2 = ent("name: Acme\nattributes:\n  annual_sales_wan: 100\nchecks: {}\n");
    unit *t2 = ent("name: Acme\nattributes:\n  annual_sales_wan: 100\n  size: large\nchecks: {}\n");
    s = merged(b2, b2, t2, NULL);
    assert_contains(s, "  annual_sales_wan: 100\n  size: large\n");
    free(s);
    unit_free(b), unit_free(o), unit_free(t), unit_free(b2), unit_free(t2);
}

static void test_attribute_conflict_latest_file_wins(void **state)
{
    unit *b = ent("name: Acme\nattributes:\n  size: small\nchecks: {}\n");
    unit *o = ent("name: Acme\nattributes:\n  size: medium\nchecks:\n  O1.iso:\n    status: done\n"
                  "    updated: 2025-05-01T08:00:00+08:00\n    by: ann\n");
    unit *t =
        ent("name: Acme\nattributes:\n  size: large\nchecks:\n  M1.letter:\n    status: done\n"
            "    updated: 2025-04-01T08:00:00+08:00\n    by: bob\n");
    merge_report rep = {0};
    char *s = merged(b, o, t, &rep);
    assert_contains(s, "  size: medium\n"); /* ours was changed last */
    assert_int_equal(rep.n_conflicts, 1);
    assert_int_equal(rep.conflicts[0].what, MERGE_ATTRIBUTE);
    assert_string_equal(rep.conflicts[0].key, "size");
    assert_string_equal(rep.conflicts[0].kept, "medium");
    assert_string_equal(rep.conflicts[0].dropped, "large");
    free(s);
    merge_report_free(&rep);
    /* no times at all: the text that sorts last, whichever side */
    unit *o2 = ent("name: Acme\nattributes:\n  size: large\nchecks: {}\n");
    unit *t2 = ent("name: Acme\nattributes:\n  size: medium\nchecks: {}\n");
    char *s1 = merged(b, o2, t2, NULL), *s2 = merged(b, t2, o2, NULL);
    assert_contains(s1, "  size: medium\n");
    assert_string_equal(s1, s2);
    free(s1), free(s2);
    /* removed on one side, changed on the other: kept */
    unit *o3 = ent("name: Acme\nchecks: {}\n");
    rep = (merge_report){0};
    s = merged(b, o3, o, &rep);
    assert_contains(s, "  size: medium\n");
    assert_true(rep.kept_changed);
    free(s);
    merge_report_free(&rep);
    unit_free(b), unit_free(o), unit_free(t), unit_free(o2), unit_free(t2), unit_free(o3);
}

static void test_name(void **state)
{
    unit *b = ent("name: 新竹\nchecks: {}\n");
    unit *o = ent("name: 新竹村\nchecks: {}\n");
    unit *t = ent("name: 新竹\nchecks: {}\n");
    char *s = merged(b, o, t, NULL);
    assert_contains(s, "name: 新竹村\n");
    free(s);
    unit *t2 = ent("name: 新竹行政村\nchecks:\n  O1.iso:\n    status: done\n"
                   "    updated: 2025-04-01T08:00:00+08:00\n    by: bob\n");
    merge_report rep = {0};
    s = merged(b, o, t2, &rep);
    assert_contains(s, "name: 新竹行政村\n");
    assert_int_equal(rep.conflicts[0].what, MERGE_NAME);
    assert_null(rep.conflicts[0].key);
    assert_string_equal(rep.conflicts[0].dropped, "新竹村");
    free(s);
    merge_report_free(&rep);
    unit_free(b), unit_free(o), unit_free(t), unit_free(t2);
}

/* ---- records ------------------------------------------------------------------ */

/* Acme with O1.iso failed and the rectifications given (each a record's
 * lines after "- id: ...", indented for the list). */
static unit *rect(const char *records)
{
    char *body = xasprintf("name: Acme\nchecks:\n  O1.iso:\n    status: failed\n"
                           "    rectifications:\n%s",
                           records);
    unit *u = ent(body);
    free(body);
    return u;
}

#define R(id, owner, state, updated)                                                               \
    "    - id: " id "\n      what: w\n      owner: " owner                                         \
    "\n      due: 2016-08-31\n      state: " state "\n      updated: " updated "\n"

static void test_records_added_on_both_sides_are_both_kept(void **state)
{
    unit *b = ent("name: Acme\nchecks:\n  O1.iso:\n    status: failed\n");
    unit *o = rect(R("r-aaaaaa", "A", "open", "2016-07-14T09:00:00+08:00"));
    unit *t = rect(R("r-bbbbbb", "B", "open", "2016-07-15T09:00:00+08:00"));
    char *s = merged(b, o, t, NULL);
    assert_contains(s, R("r-aaaaaa", "A", "open", "2016-07-14T09:00:00+08:00")
                           R("r-bbbbbb", "B", "open", "2016-07-15T09:00:00+08:00"));
    char *s2 = merged(b, t, o, NULL);
    assert_contains(s2, "r-aaaaaa");
    assert_contains(s2, "r-bbbbbb");
    free(s), free(s2);
    unit_free(b), unit_free(o), unit_free(t);
}

/* One side changed the owner, the other the state: both taken. */
static void test_record_fields_merge_on_their_own(void **state)
{
    unit *b = rect(R("r-aaaaaa", "A", "open", "2016-07-14T09:00:00+08:00"));
    unit *o = rect(R("r-aaaaaa", "B", "open", "2016-07-15T09:00:00+08:00"));
    unit *t = rect(R("r-aaaaaa", "A", "done", "2016-07-16T09:00:00+08:00"));
    merge_report rep = {0};
    char *s = merged(b, o, t, &rep);
    assert_contains(s, R("r-aaaaaa", "B", "done", "2016-07-16T09:00:00+08:00"));
    assert_int_equal(rep.n_conflicts, 0);
    assert_lacks(s, "history");
    char *s2 = merged(b, t, o, NULL);
    assert_string_equal(s, s2);
    merge_report_free(&rep);
    free(s), free(s2);
    unit_free(b), unit_free(o), unit_free(t);
}

/* Both changed the state: the later record wins, the other state is in
 * the history, and the merge says so. */
static void test_record_field_both_changed_later_wins(void **state)
{
    unit *b = rect(R("r-aaaaaa", "A", "open", "2016-07-14T09:00:00+08:00"));
    unit *o = rect(R("r-aaaaaa", "A", "done", "2016-07-16T09:00:00+08:00"));
    unit *t = rect(R("r-aaaaaa", "A", "reopened", "2016-07-15T09:00:00+08:00"));
    merge_report rep = {0};
    char *s = merged(b, o, t, &rep);
    assert_contains(s, R("r-aaaaaa", "A", "done", "2016-07-16T09:00:00+08:00"));
    assert_contains(s, "- {at: '2016-07-15T09:00:00+08:00', check: O1.iso, record: r-aaaaaa, "
                       "key: state, new: reopened, event: merge}\n");
    assert_int_equal(rep.n_conflicts, 1);
    assert_int_equal(rep.conflicts[0].what, MERGE_RECORD);
    assert_string_equal(rep.conflicts[0].key, "r-aaaaaa.state");
    assert_string_equal(rep.conflicts[0].kept, "done");
    assert_string_equal(rep.conflicts[0].dropped, "reopened");
    assert_false(rep.conflicts[0].theirs_won);
    char *s2 = merged(b, t, o, NULL);
    assert_string_equal(s, s2);
    merge_report_free(&rep);
    free(s), free(s2);
    unit_free(b), unit_free(o), unit_free(t);
}

static void test_record_removed_and_changed(void **state)
{
    unit *b = rect(R("r-aaaaaa", "A", "open", "2016-07-14T09:00:00+08:00"));
    unit *gone = ent("name: Acme\nchecks:\n  O1.iso:\n    status: failed\n");
    unit *changed = rect(R("r-aaaaaa", "A", "done", "2016-07-16T09:00:00+08:00"));
    /* removed on one side, untouched on the other: removed */
    char *s = merged(b, gone, b, NULL);
    assert_lacks(s, "r-aaaaaa");
    free(s);
    s = merged(b, b, gone, NULL);
    assert_lacks(s, "r-aaaaaa");
    free(s);
    /* removed on one side, changed on the other: kept */
    merge_report rep = {0};
    s = merged(b, gone, changed, &rep);
    assert_contains(s, R("r-aaaaaa", "A", "done", "2016-07-16T09:00:00+08:00"));
    assert_true(rep.kept_changed);
    merge_report_free(&rep);
    free(s);
    unit_free(b), unit_free(gone), unit_free(changed);
}

/* ---- history ------------------------------------------------------------------ */

#define H(at, by, from, to)                                                                        \
    "- {at: '" at "', by: " #by ", check: O1.iso, from: " #from ", to: " #to "}\n"

static void test_history_union_by_time(void **state)
{
    unit *b =
        ent("name: Acme\nchecks: {}\nhistory:\n" H("2025-01-01T08:00:00+08:00", a, todo, doing));
    unit *o =
        ent("name: Acme\nchecks: {}\nhistory:\n" H("2025-01-01T08:00:00+08:00", a, todo, doing)
                H("2025-03-01T08:00:00+08:00", o, doing, done));
    unit *t =
        ent("name: Acme\nchecks: {}\nhistory:\n" H("2025-01-01T08:00:00+08:00", a, todo, doing)
                H("2025-02-01T08:00:00+08:00", t, doing, failed)
                    H("2025-04-01T08:00:00+08:00", t, failed, doing));
    char *s = merged(b, o, t, NULL);
    assert_contains(s, "history:\n" H("2025-01-01T08:00:00+08:00", a, todo, doing)
                           H("2025-02-01T08:00:00+08:00", t, doing, failed)
                               H("2025-03-01T08:00:00+08:00", o, doing, done)
                                   H("2025-04-01T08:00:00+08:00", t, failed, doing));
    char *s2 = merged(b, t, o, NULL);
    assert_string_equal(s, s2);
    free(s), free(s2);
    unit_free(b), unit_free(o), unit_free(t);
}

/* Entries that tell no status (notes, attributes, names, records) merge
 * like the others: two that differ only in what they tell are two. */
#define A(at, by, key, old, new)                                                                   \
    "- {at: '" at "', by: " #by ", key: " #key ", old: " #old ", new: " #new ", event: "           \
                                                                             "attribute}\n"

static void test_history_union_of_every_kind(void **state)
{
    unit *b = ent("name: Acme\nchecks: {}\n");
    unit *o = ent(
        "name: Acme\nchecks: {}\nhistory:\n" A("2025-01-01T08:00:00+08:00", o, size, small, large));
    unit *t = ent("name: Acme\nchecks: {}\nhistory:\n" A("2025-01-01T08:00:00+08:00", o, size,
                                                         small, medium) "- {at: "
                                                                        "'2025-01-02T08:00:00+"
                                                                        "08:00', by: t, check: "
                                                                        "O1.iso, record: r-1, "
                                                                        "new: open, event: "
                                                                        "rectification}\n");
    char *s = merged(b, o, t, NULL);
    assert_contains(s, A("2025-01-01T08:00:00+08:00", o, size, small, large));
    assert_contains(s, A("2025-01-01T08:00:00+08:00", o, size, small, medium));
    assert_contains(s, "record: r-1, new: open, event: rectification}");
    /* the other way round: the same entries (same-instant ones keep their
     * sides' order, ours first) */
    char *s2 = merged(b, t, o, NULL);
    assert_int_equal(strlen(s), strlen(s2));
    assert_contains(s2, A("2025-01-01T08:00:00+08:00", o, size, small, large));
    assert_contains(s2, A("2025-01-01T08:00:00+08:00", o, size, small, medium));
    free(s), free(s2);
    unit_free(b), unit_free(o), unit_free(t);
}

static void test_history_one_side_unchanged_taken_verbatim(void **state)
{
    /* theirs is out of time order (a hand edit); ours did not touch the
     * history: theirs is taken as it is, not re-sorted */
    unit *b = ent("name: Acme\nchecks: {}\n");
    unit *t =
        ent("name: Acme\nchecks: {}\nhistory:\n" H("2025-05-01T08:00:00+08:00", t, todo, doing)
                H("2025-01-01T08:00:00+08:00", t, doing, done));
    char *s = merged(b, b, t, NULL);
    assert_contains(s, H("2025-05-01T08:00:00+08:00", t, todo, doing)
                           H("2025-01-01T08:00:00+08:00", t, doing, done));
    free(s);
    unit_free(b), unit_free(t);
}

static void test_history_repeats_and_removals(void **state)
{
    /* ours did todo->done twice in the same second; theirs has it once: the
     * union keeps two; an entry removed by theirs comes back */
    const char *e1 = H("2025-01-01T08:00:00+08:00", a, todo, done);
    const char *e2 = H("2025-01-01T08:00:00+08:00", a, done, todo);
    const char *e0 = H("2024-12-01T08:00:00+08:00", z, todo, doing);
    char *bb = xasprintf("name: Acme\nchecks: {}\nhistory:\n%s", e0);
    char *ob = xasprintf("name: Acme\nchecks: {}\nhistory:\n%s%s%s%s", e0, e1, e2, e1);
    char *tb = xasprintf("name: Acme\nchecks: {}\nhistory:\n%s%s", e1,
                         H("2025-02-01T08:00:00+08:00", t, done, failed));
    unit *b = ent(bb), *o = ent(ob), *t = ent(tb);
    unit *r = unit_merge(b, o, t, NOW, NULL);
    assert_int_equal(r->n_history, 5);
    char *s = text_of(r);
    char *want = xasprintf("history:\n%s%s%s%s%s", e0, e1, e2, e1,
                           H("2025-02-01T08:00:00+08:00", t, done, failed));
    assert_contains(s, want);
    free(want), free(s), free(bb), free(ob), free(tb);
    unit_free(r), unit_free(b), unit_free(o), unit_free(t);
}

static void test_merge_entry_not_repeated(void **state)
{
    /* the same conflict resolved on two laptops yields the same entry once */
    unit *b = ent("name: Acme\nchecks:\n  O1.iso:\n    status: todo\n");
    unit *o = iso("done", "2025-02-01T08:00:00+08:00", "ann");
    unit *t = iso("failed", "2025-02-02T08:00:00+08:00", "bob");
    unit *r1 = unit_merge(b, o, t, NOW, NULL);
    unit *r2 = unit_merge(b, o, t, "2027-01-01T00:00:00+08:00", NULL);
    unit *r = unit_merge(t, r1, r2, NOW, NULL);
    assert_int_equal(r->n_history, 1);
    unit_free(r), unit_free(r1), unit_free(r2);
    unit_free(b), unit_free(o), unit_free(t);
}

/* ---- the unit itself ---------------------------------------------------------- */

static void test_unit_added_removed(void **state)
{
    unit *b = ent("name: Acme\nchecks:\n  O1.iso:\n    status: todo\n");
    unit *c = ent("name: Acme\nchecks:\n  O1.iso:\n    status: done\n");
    merge_report rep = {0};
    /* removed on one side, left alone on the other: removed */
    assert_null(unit_merge(b, NULL, b, NOW, &rep));
    assert_null(unit_merge(b, b, NULL, NOW, &rep));
    assert_false(rep.kept_changed);
    /* removed on both */
    assert_null(unit_merge(b, NULL, NULL, NOW, &rep));
    assert_null(unit_merge(NULL, NULL, NULL, NOW, &rep));
    /* removed on one side, changed on the other: kept, as changed */
    char *s = merged(b, NULL, c, &rep);
    assert_contains(s, "    status: done\n");
    assert_true(rep.kept_changed);
    free(s);
    rep.kept_changed = false;
    s = merged(b, c, NULL, &rep);
    assert_contains(s, "    status: done\n");
    assert_true(rep.kept_changed);
    free(s);
    /* added on one side */
    s = merged(NULL, NULL, c, NULL);
    assert_contains(s, "    status: done\n");
    free(s);
    /* added on both sides, differently: merged against nothing */
    unit *d = ent("name: Acme Ltd\nchecks:\n  M1.letter:\n    status: done\n"
                  "    updated: 2025-02-02T08:00:00+08:00\n    by: bob\n");
    s = merged(NULL, c, d, NULL);
    assert_contains(s, "name: Acme Ltd\n");
    assert_contains(s, "  O1.iso:\n    status: done\n  M1.letter:\n    status: done\n");
    free(s);
    merge_report_free(&rep);
    unit_free(b), unit_free(c), unit_free(d);
}

/* ---- merge_file: bytes in, bytes out ------------------------------------------- */

static file_bytes fb(const char *s)
{
    return (file_bytes){s, s ? strlen(s) : 0};
}

static void test_file_merge_needs_no_plan(void **state)
{
    /* checks no plan knows, on a side each: the loose plan reads them, in
     * the files' order */
    const char *base =
        "id: xinzhu\nkind: village\nname: 新竹村\nchecks:\n  A.one:\n    status: todo\n"
        "  C.three:\n    status: todo\n";
    const char *ours =
        "id: xinzhu\nkind: village\nname: 新竹村\nchecks:\n  A.one:\n    status: done\n"
        "  C.three:\n    status: todo\n";
    const char *theirs =
        "id: xinzhu\nkind: village\nname: 新竹村\nchecks:\n  A.one:\n    status: todo\n"
        "  B.two:\n    status: doing\n    value: 3\n  C.three:\n    status: todo\n";
    file_bytes f[3] = {fb(base), fb(ours), fb(theirs)};
    strbuf out = STRBUF_INIT;
    bool removed;
    diag_list dl = DIAG_LIST_INIT;
    assert_true(merge_unit_file("villages/xinzhu.yaml", NULL, f, NOW, &out, &removed, NULL, &dl));
    assert_false(removed);
    assert_string_equal(out.data, "id: xinzhu\nkind: village\nname: 新竹村\nchecks:\n"
                                  "  A.one:\n    status: done\n  B.two:\n    status: doing\n"
                                  "    value: 3\n  C.three:\n    status: todo\n");
    sb_free(&out);
}

static void test_file_merge_unchanged_is_byte_identical(void **state)
{
    const char *text =
        "id: acme\nkind: enterprise\nname: Acme\nattributes:\n  annual_sales_wan: 3500.0\n"
        "checks:\n  O1.iso:\n    status: done\n    note: |\n      line one\n      line two\n"
        "    updated: 2025-02-01T08:00:00+08:00\n    by: 钱志锋\n"
        "history:\n- {at: '2025-02-01T08:00:00+08:00', by: 钱志锋, check: O1.iso, from: todo, to: "
        "done}\n";
    file_bytes f[3] = {fb(text), fb(text), fb(text)};
    strbuf out = STRBUF_INIT;
    bool removed;
    diag_list dl = DIAG_LIST_INIT;
    assert_true(merge_unit_file("enterprises/acme.yaml", &P, f, NOW, &out, &removed, NULL, &dl));
    assert_string_equal(out.data, text);
    sb_free(&out);
}

static void test_file_merge_refuses_unreadable(void **state)
{
    const char *good = "id: acme\nkind: enterprise\nname: Acme\nchecks: {}\n";
    const char *markers =
        "id: acme\nkind: enterprise\n<<<<<<< ours\nname: A\n=======\nname: B\n>>>>>>> theirs\n";
    file_bytes f[3] = {fb(good), fb(good), fb(markers)};
    strbuf out = STRBUF_INIT;
    bool removed;
    diag_list dl = DIAG_LIST_INIT;
    assert_false(merge_unit_file("enterprises/acme.yaml", &P, f, NOW, &out, &removed, NULL, &dl));
    assert_true(dl.count > 0);
    assert_non_null(strstr(dl.items[0].file, "enterprises/acme.yaml (theirs)"));
    assert_true(dl.items[0].line > 0);
    assert_null(out.data);
    diag_clear(&dl);
    /* a wrong id is refused, not merged into another unit */
    const char *other = "id: other\nkind: enterprise\nname: Other\nchecks: {}\n";
    file_bytes g[3] = {fb(good), fb(good), fb(other)};
    assert_false(merge_unit_file("enterprises/acme.yaml", &P, g, NOW, &out, &removed, NULL, &dl));
    assert_diag(&dl, "does not match the file name", 0, 0);
    diag_clear(&dl);
    /* a path that is no unit's */
    assert_false(merge_unit_file("plan.yaml", &P, f, NOW, &out, &removed, NULL, &dl));
    assert_diag(&dl, "not a unit file", 0, 0);
    diag_clear(&dl);
}

static void test_file_merge_empty_base_is_add_add(void **state)
{
    const char *o =
        "id: acme\nkind: enterprise\nname: Acme\nchecks:\n  O1.iso:\n    status: done\n";
    const char *t =
        "id: acme\nkind: enterprise\nname: Acme\nchecks:\n  M1.letter:\n    status: done\n";
    file_bytes f[3] = {fb(""), fb(o), fb(t)};
    strbuf out = STRBUF_INIT;
    bool removed;
    diag_list dl = DIAG_LIST_INIT;
    assert_true(merge_unit_file("enterprises/acme.yaml", &P, f, NOW, &out, &removed, NULL, &dl));
    assert_contains(out.data, "  O1.iso:\n    status: done\n  M1.letter:\n    status: done\n");
    sb_free(&out);
}

int main(void)
{
    text_init_locale();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_combination_of_one_check),
        cmocka_unit_test(test_different_checks_never_conflict),
        cmocka_unit_test(test_same_check_later_wins_loser_in_history),
        cmocka_unit_test(test_instants_not_texts_are_compared),
        cmocka_unit_test(test_same_content_no_merge_entry),
        cmocka_unit_test(test_same_note_but_its_line_end),
        cmocka_unit_test(test_check_removed_and_changed_is_kept),
        cmocka_unit_test(test_attributes_per_key),
        cmocka_unit_test(test_attribute_conflict_latest_file_wins),
        cmocka_unit_test(test_name),
        cmocka_unit_test(test_records_added_on_both_sides_are_both_kept),
        cmocka_unit_test(test_record_fields_merge_on_their_own),
        cmocka_unit_test(test_record_field_both_changed_later_wins),
        cmocka_unit_test(test_record_removed_and_changed),
        cmocka_unit_test(test_history_union_by_time),
        cmocka_unit_test(test_history_union_of_every_kind),
        cmocka_unit_test(test_history_one_side_unchanged_taken_verbatim),
        cmocka_unit_test(test_history_repeats_and_removals),
        cmocka_unit_test(test_merge_entry_not_repeated),
        cmocka_unit_test(test_unit_added_removed),
        cmocka_unit_test(test_file_merge_needs_no_plan),
        cmocka_unit_test(test_file_merge_unchanged_is_byte_identical),
        cmocka_unit_test(test_file_merge_refuses_unreadable),
        cmocka_unit_test(test_file_merge_empty_base_is_add_add),
    };
    return cmocka_run_group_tests(tests, load_plan, free_plan);
}
