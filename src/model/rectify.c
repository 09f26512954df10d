#include "model/rectify.h"

#include "i18n/i18n.h"
#include "model/applies.h"
#include "model/record_change.h"
#include "model/timestamp.h"
#include "util/text.h"
#include "util/xalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const state_names[RECT_N_STATES] = {"open", "done", "verified", "reopened"};
static const msg_id state_titles[RECT_N_STATES] = {M_RECT_OPEN, M_RECT_DONE, M_RECT_VERIFIED,
                                                   M_RECT_REOPENED};
/* The field that holds when each state was reached, and by whom. */
static const char *const state_time[RECT_N_STATES] = {"opened", "done", "verified", "reopened"};
static const char *const state_by[RECT_N_STATES] = {"opened_by", "done_by", "verified_by",
                                                    "reopened_by"};

const char *rect_state_name(rect_state s)
{
    return state_names[s];
}

const char *rect_state_title(rect_state s)
{
    return tr(state_titles[s]);
}

bool rect_state_parse(const char *word, rect_state *out)
{
    for (int i = 0; i < RECT_N_STATES; i++)
        if (strcmp(word, state_names[i]) == 0) {
            *out = (rect_state)i;
            return true;
        }
    return false;
}

bool rect_can_step(rect_state from, rect_state to)
{
    /* rows: from; columns: to (open done verified reopened) */
    static const bool steps[RECT_N_STATES][RECT_N_STATES] = {
        [RECT_OPEN] = {false, true, true, false},
        [RECT_DONE] = {false, false, true, true},
        [RECT_VERIFIED] = {false, false, false, true},
        [RECT_REOPENED] = {false, true, true, false},
    };
    return steps[from][to];
}

rect_state rect_state_of(const unit_record *r)
{
    rect_state s = RECT_OPEN;
    const char *word = record_text(r, "state");
    if (word)
        rect_state_parse(word, &s);
    return s;
}

int64_t rect_due(const unit_record *r)
{
    int64_t days = 0;
    const char *due = record_text(r, "due");
    if (due)
        date_parse(due, &days);
    return days;
}

bool rect_is_open(const unit_record *r)
{
    return rect_state_of(r) != RECT_VERIFIED;
}

bool rect_overdue(const unit_record *r, int64_t today)
{
    return rect_is_open(r) && rect_due(r) < today;
}

bool rect_step_day(const unit_record *r, const char *step, int64_t *day)
{
    const char *t = record_text(r, step);
    char date[DATE_SIZE];
    if (!t || strlen(t) < DATE_SIZE - 1)
        return false;
    memcpy(date, t, DATE_SIZE - 1);
    date[DATE_SIZE - 1] = '\0';
    return date_parse(date, day);
}

bool rect_on_time(const unit_record *r)
{
    int64_t day;
    if (rect_state_of(r) != RECT_VERIFIED)
        return false;
    if (!rect_step_day(r, "done", &day) && !rect_step_day(r, "verified", &day))
        return false;
    return day <= rect_due(r);
}

void rect_days_words(const unit_record *r, int64_t today, strbuf *out)
{
    long long left = (long long)(rect_due(r) - today);
    if (!rect_is_open(r))
        return;
    if (left < 0)
        sb_printf(out, tr(M_RECT_DAYS_OVERDUE), -left);
    else if (left == 0)
        sb_puts(out, tr(M_RECT_DUE_TODAY));
    else
        sb_printf(out, tr(M_RECT_DAYS_LEFT), left);
}

/* ---- changing them ---------------------------------------------------- */

static bool text_given(const char *s)
{
    return s && s[strspn(s, " \t\r\n")];
}

bool rect_new_valid(const ws_unit *wu, const rect_new *n, diag_list *dl)
{
    int64_t days;
    if (!text_given(n->what) || !utf8_valid(n->what, strlen(n->what), NULL)) {
        diag_add(dl, NULL, 0, 0, "%s", tr(M_RECT_NO_WHAT));
        return false;
    }
    if (!text_given(n->owner) || !utf8_valid(n->owner, strlen(n->owner), NULL)) {
        diag_add(dl, NULL, 0, 0, "%s", tr(M_RECT_NO_OWNER));
        return false;
    }
    if (!n->due || !date_parse(n->due, &days)) {
        diag_add(dl, NULL, 0, 0, TR(M_RECT_BAD_DUE), n->due ? n->due : "");
        return false;
    }
    /* what the unit carries: its kind, and its attributes (model/applies.h) */
    if (wu->u ? !unit_carries(wu->u, n->check) : !(n->check->kinds & (unsigned)wu->kind)) {
        diag_add(dl, NULL, 0, 0, TR(M_RECT_NOT_CARRIED), n->check->id, tr_kind(wu->kind));
        return false;
    }
    /* the same checks as every record change (one line, sizes) */
    const record_field_set fields[] = {{"what", n->what, NULL, 0},
                                       {"owner", n->owner, NULL, 0},
                                       {"due", n->due, NULL, 0},
                                       {"state", "open", NULL, 0}};
    record_change probe = {
        .kind = &record_kind_rectification, .check = n->check, .fields = fields, .n_fields = 4};
    return record_change_valid(wu, &probe, dl);
}

typedef struct open_ctx {
    const rect_new *n;
    char **id; /* the new record's id, once applied */
} open_ctx;

static size_t apply_open(unit *u, const unit *base, const void *ctx, const char *by,
                         const char *now, diag_list *dl)
{
    const open_ctx *oc = ctx;
    const record_field_set fields[] = {
        {"what", oc->n->what, NULL, 0}, {"owner", oc->n->owner, NULL, 0},
        {"due", oc->n->due, NULL, 0},   {"state", "open", NULL, 0},
        {"opened", now, NULL, 0},       {"opened_by", by, NULL, 0},
    };
    record_change ch = {.kind = &record_kind_rectification,
                        .check = oc->n->check,
                        .fields = fields,
                        .n_fields = by ? 6 : 5,
                        .history_new = "open"};
    bool ok = record_apply(u, base, &ch, by, now, dl);
    free(*oc->id); /* from a try whose file changed under the save */
    *oc->id = ch.new_id;
    return ok;
}

bool rect_open(workspace *ws, ws_unit *wu, const rect_new *n, const char *by, char **id,
               diag_list *dl)
{
    if (!rect_new_valid(wu, n, dl))
        return false;
    char *new_id = NULL;
    open_ctx oc = {n, &new_id};
    store_edit edit = {apply_open, &oc};
    bool ok = store_update(ws, wu, &edit, by, NULL, dl);
    if (ok)
        *id = new_id;
    else
        free(new_id);
    return ok;
}

/* What a step found in the file as it is now. */
typedef struct step_seen {
    rect_state from;
    const plan_check *check;
} step_seen;

typedef struct step_ctx {
    const rect_step_req *req;
    step_seen *seen;
} step_ctx;

static size_t apply_step(unit *u, const unit *base, const void *ctx, const char *by,
                         const char *now, diag_list *dl)
{
    const step_ctx *sc = ctx;
    const rect_step_req *req = sc->req;
    const unit_record *r = unit_find_record(u, req->id);
    if (!r || r->kind != &record_kind_rectification) {
        diag_add(dl, NULL, 0, 0, TR(M_RECORD_NO_SUCH), req->id, u->id);
        return 0;
    }
    rect_state from = rect_state_of(r);
    const plan_check *check = r->check;
    *sc->seen = (step_seen){from, check};
    if (!rect_can_step(from, req->to)) {
        diag_add(dl, NULL, 0, 0, TR(M_RECT_BAD_STEP), req->id, rect_state_name(from),
                 rect_state_name(req->to));
        return 0;
    }
    record_field_set fields[4] = {
        {"state", rect_state_name(req->to), NULL, 0},
        {state_time[req->to], now, NULL, 0},
        {state_by[req->to], by, NULL, 0},
    };
    size_t n = 3;
    if (req->note)
        fields[n++] = (record_field_set){"note", *req->note ? req->note : NULL, NULL, 0};
    record_change ch = {.kind = &record_kind_rectification,
                        .id = req->id,
                        .fields = fields,
                        .n_fields = n,
                        .history_old = rect_state_name(from),
                        .history_new = rect_state_name(req->to)};
    if (!record_apply(u, base, &ch, by, now, dl))
        return 0;
    if (req->mark_check_done && req->to == RECT_VERIFIED && check) {
        check_change done = {.check = check, .set_status = true, .status = STATUS_DONE};
        check_change_apply(u, base, &done, by, now);
    }
    return 1;
}

bool rect_step(workspace *ws, ws_unit *wu, const rect_step_req *req, const char *by,
               rect_state *from, const plan_check **check, diag_list *dl)
{
    if (req->to == RECT_OPEN) {
        diag_add(dl, NULL, 0, 0, TR(M_RECT_BAD_STEP), req->id, "-", rect_state_name(req->to));
        return false;
    }
    if (req->note) {
        const record_field_set note = {"note", *req->note ? req->note : NULL, NULL, 0};
        record_change probe = {
            .kind = &record_kind_rectification, .id = req->id, .fields = &note, .n_fields = 1};
        if (!record_change_valid(wu, &probe, dl))
            return false;
    }
    step_seen seen = {RECT_OPEN, NULL};
    step_ctx sc = {req, &seen};
    store_edit edit = {apply_step, &sc};
    if (!store_update(ws, wu, &edit, by, NULL, dl))
        return false;
    if (from)
        *from = seen.from;
    if (check)
        *check = seen.check;
    return true;
}

/* ---- telling them ----------------------------------------------------- */

/* The day of the check's last failure at or before `until` (a time). */
static const char *failed_before(const unit *u, const plan_check *pc, const char *until)
{
    const char *at = NULL;
    for (size_t i = 0; i < u->n_history; i++) {
        const history_entry *h = &u->history[i];
        if (h->has_status && h->to == STATUS_FAILED && h->check && pc &&
            strcmp(h->check, pc->id) == 0 && !h->event &&
            (!until || timestamp_compare(h->at, until) <= 0))
            at = h->at;
    }
    return at;
}

typedef struct story_step {
    msg_id what;
    const char *at;
} story_step;

/* By time; steps at the same time in the order of the steps (the messages
 * are declared in that order). */
static int step_order(const void *pa, const void *pb)
{
    const story_step *a = pa, *b = pb;
    int c = timestamp_compare(a->at, b->at);
    return c ? c : (int)a->what - (int)b->what;
}

void rect_story(const unit *u, const unit_record *r, strbuf *out)
{
    const char *opened = record_text(r, "opened");
    story_step steps[] = {
        {M_RECT_STORY_FAILED, failed_before(u, r->check, opened ? opened : r->updated)},
        {M_RECT_STORY_OPENED, opened},
        {M_RECT_STORY_DONE, record_text(r, "done")},
        {M_RECT_STORY_REOPENED, record_text(r, "reopened")},
        {M_RECT_STORY_VERIFIED, record_text(r, "verified")},
    };
    size_t n = 0;
    for (size_t i = 0; i < sizeof steps / sizeof *steps; i++)
        if (steps[i].at)
            steps[n++] = steps[i];
    /* a record reopened after its verification tells it in that order */
    qsort(steps, n, sizeof *steps, step_order);
    for (size_t i = 0; i < n; i++) {
        char day[DATE_SIZE];
        snprintf(day, sizeof day, "%.10s", steps[i].at);
        if (i)
            sb_puts(out, tr(M_RECT_STORY_SEP));
        sb_printf(out, tr(steps[i].what), day);
    }
}

/* ---- across the workspace ------------------------------------------- */

/* The first day of today's year. */
static int64_t year_start_of(int64_t today)
{
    char d[DATE_SIZE];
    date_format(today, d);
    memcpy(d + 4, "-01-01", 7);
    int64_t start = today;
    date_parse(d, &start);
    return start;
}

/* A day of the year of today, today or before. */
static bool in_year_so_far(int64_t day, int64_t today)
{
    return day >= year_start_of(today) && day <= today;
}

static bool verified_this_year(const unit_record *r, int64_t today)
{
    return in_year_so_far(rect_fact_of(r).verified_day, today);
}

static bool wanted(const unit_record *r, rect_filter f, int64_t today)
{
    if (r->kind != &record_kind_rectification)
        return false;
    switch (f) {
    case RECT_MEETING:
        return rect_is_open(r) || verified_this_year(r, today);
    case RECT_ONLY_OPEN:
        return rect_is_open(r);
    case RECT_ONLY_OVERDUE:
        return rect_overdue(r, today);
    default:
        return true;
    }
}

/* Overdue, then open, then verified; within each by due date (the most
 * overdue first), then workspace order and the order in the file. */
static int rank_of(const rect_item *it)
{
    return it->overdue ? 0 : it->state != RECT_VERIFIED ? 1 : 2;
}

static int item_order(const void *pa, const void *pb)
{
    const rect_item *a = pa, *b = pb;
    int ra = rank_of(a), rb = rank_of(b);
    if (ra != rb)
        return ra - rb;
    if (a->due != b->due)
        return a->due < b->due ? -1 : 1;
    if (a->unit != b->unit)
        return a->unit < b->unit ? -1 : 1;
    return a->r < b->r ? -1 : a->r > b->r;
}

static void add_unit(rect_list *l, size_t *cap, size_t index, const unit *u, rect_filter f)
{
    for (size_t i = 0; i < u->n_records; i++) {
        const unit_record *r = &u->records[i];
        if (!wanted(r, f, l->today))
            continue;
        l->items = xgrow(l->items, cap, l->n + 1, sizeof *l->items);
        rect_state s = rect_state_of(r);
        int64_t due = rect_due(r);
        l->items[l->n++] = (rect_item){index, r, s, due, s != RECT_VERIFIED && due < l->today};
    }
}

void rect_list_build(rect_list *l, const workspace *ws, size_t only, rect_filter f, int64_t today)
{
    size_t cap = 0;
    *l = (rect_list){.today = today};
    for (size_t i = 0; i < ws->n_units; i++)
        if (ws->units[i].u && (only == SIZE_MAX || only == i))
            add_unit(l, &cap, i, ws->units[i].u, f);
    if (l->n > 1)
        qsort(l->items, l->n, sizeof *l->items, item_order);
}

void rect_list_free(rect_list *l)
{
    free(l->items);
    *l = (rect_list){0};
}

rect_fact rect_fact_of(const unit_record *r)
{
    rect_fact f = {.due = rect_due(r), .verified_day = INT64_MIN, .open = rect_is_open(r)};
    int64_t day;
    if (rect_state_of(r) == RECT_VERIFIED && rect_step_day(r, "verified", &day))
        f.verified_day = day;
    f.on_time = rect_on_time(r);
    return f;
}

void rect_count_fact(const rect_fact *f, int64_t today, rect_counts *c)
{
    if (f->open) {
        c->open++;
        if (f->due < today)
            c->overdue++;
    } else if (in_year_so_far(f->verified_day, today)) {
        c->verified_year++;
        if (f->on_time)
            c->on_time++;
    }
}

static void count_one(const unit_record *r, int64_t today, rect_counts *c)
{
    rect_fact f = rect_fact_of(r);
    rect_count_fact(&f, today, c);
}

void rect_count(const unit *u, int64_t today, rect_counts *c)
{
    for (size_t i = 0; i < u->n_records; i++)
        if (u->records[i].kind == &record_kind_rectification)
            count_one(&u->records[i], today, c);
}

void rect_count_check(const unit *u, const plan_check *pc, int64_t today, rect_counts *c)
{
    for (size_t i = 0; i < u->n_records; i++)
        if (u->records[i].kind == &record_kind_rectification && u->records[i].check == pc)
            count_one(&u->records[i], today, c);
}

const unit_record *rect_first_open(const unit *u, const plan_check *pc)
{
    const unit_record *first = NULL;
    for (size_t i = 0; i < u->n_records; i++) {
        const unit_record *r = &u->records[i];
        if (r->kind == &record_kind_rectification && r->check == pc && rect_is_open(r) &&
            (!first || rect_due(r) < rect_due(first)))
            first = r;
    }
    return first;
}

double rect_on_time_rate(const rect_counts *c)
{
    return c->verified_year ? 100.0 * (double)c->on_time / (double)c->verified_year : 0;
}
