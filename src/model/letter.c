#include "model/letter.h"

#include "i18n/i18n.h"
#include "model/ids.h"
#include "model/record_change.h"
#include "model/timestamp.h"
#include "util/text.h"
#include "util/xalloc.h"
#include "yaml/ywriter.h"

#include <stdlib.h>
#include <string.h>

const unit_record *letter_record(const unit *u)
{
    const unit_record *last = NULL;
    for (size_t i = 0; i < u->n_records; i++)
        if (u->records[i].kind == &record_kind_letter)
            last = &u->records[i];
    return last;
}

/* The unit's own value for a check, from its letter's `targets`. */
static bool own_target(const unit_record *rec, const char *check_id, range *out)
{
    const record_value *v = rec ? record_value_of(rec, "targets") : NULL;
    bool found = false;
    for (size_t i = 0; v && i < v->n_items; i++) {
        char check[ID_MAX_LEN + 1];
        range r;
        if (record_target_parse(v->items[i], check, sizeof check, &r) &&
            strcmp(check, check_id) == 0) {
            *out = r; /* the last one written stands */
            found = true;
        }
    }
    return found;
}

static bool in_template(const plan_letter *t, const plan_check *c)
{
    for (size_t i = 0; i < t->n_targets; i++)
        if (t->targets[i].check == c)
            return true;
    return false;
}

static void add_targets(const plan *p, const unit *u, letter *l)
{
    const plan_letter *t = l->tmpl;
    const record_value *v = l->record ? record_value_of(l->record, "targets") : NULL;
    size_t cap = t->n_targets + (v ? v->n_items : 0) + 1;
    l->targets = xcalloc(cap, sizeof *l->targets);
    for (size_t i = 0; i < t->n_targets; i++) {
        letter_target *lt = &l->targets[l->n_targets++];
        lt->check = t->targets[i].check;
        lt->tmpl = &t->targets[i];
        lt->target = t->targets[i].target;
        lt->own = own_target(l->record, lt->check->id, &lt->target);
    }
    /* targets of the unit's own, on checks it carries, once each */
    for (size_t i = 0; v && i < v->n_items; i++) {
        char check[ID_MAX_LEN + 1];
        range r;
        if (!record_target_parse(v->items[i], check, sizeof check, &r))
            continue;
        const plan_check *c = plan_find_check(p, check);
        bool seen = false;
        for (size_t k = 0; k < l->n_targets && c; k++)
            seen |= l->targets[k].check == c;
        if (!c || seen || in_template(t, c) || !(c->kinds & (unsigned)u->kind))
            continue;
        letter_target *lt = &l->targets[l->n_targets++];
        lt->check = c;
        lt->own = own_target(l->record, c->id, &lt->target);
    }
}

bool letter_of(const plan *p, const unit *u, letter *out)
{
    memset(out, 0, sizeof *out);
    out->tmpl = plan_letter_for(p, u->kind);
    if (!out->tmpl)
        return false;
    out->record = letter_record(u);
    const record_value *tasks = out->record ? record_value_of(out->record, "tasks") : NULL;
    if (tasks && tasks->items) {
        out->own_tasks = tasks->items;
        out->n_own_tasks = tasks->n_items;
    }
    add_targets(p, u, out);
    const char *day = out->record ? record_text(out->record, "signed") : NULL;
    out->is_signed = day && date_parse(day, &out->signed_on);
    const record_value *who = out->record ? record_value_of(out->record, "signatories") : NULL;
    if (who && who->items) {
        out->signatories = who->items;
        out->n_signatories = who->n_items;
    }
    return true;
}

void letter_free(letter *l)
{
    free(l->targets);
    memset(l, 0, sizeof *l);
}

/* ---- changing it ------------------------------------------------------------ */

char *letter_target_text(const char *check, const range *r)
{
    char v[32];
    const char *op = r->has_min && r->has_max ? "=" : r->has_min ? ">=" : "<=";
    yaml_format_number(r->has_min ? r->min : r->max, v);
    return xasprintf("%s %s %s", check, op, v);
}

static bool target_valid(const plan *p, const ws_unit *wu, const char *item, diag_list *dl)
{
    char check[ID_MAX_LEN + 1];
    range r;
    if (!record_target_parse(item, check, sizeof check, &r)) {
        diag_add(dl, NULL, 0, 0, TR(M_LETTER_BAD_TARGET), item);
        return false;
    }
    const plan_check *c = plan_find_check(p, check);
    if (!c || !c->numeric || !(c->kinds & (unsigned)wu->kind)) {
        diag_add(dl, NULL, 0, 0, TR(M_LETTER_TARGET_CHECK), check, tr_kind(wu->kind));
        return false;
    }
    return true;
}

bool letter_edit_valid(const plan *p, const ws_unit *wu, const letter_edit *e, diag_list *dl)
{
    if (!plan_letter_for(p, wu->kind)) {
        diag_add(dl, NULL, 0, 0, TR(M_LETTER_NO_TEMPLATE), p->id, tr_kind(wu->kind));
        return false;
    }
    for (size_t i = 0; i < e->n_targets; i++)
        if (!target_valid(p, wu, e->targets[i], dl))
            return false;
    int64_t day;
    if (e->signed_on && !date_parse(e->signed_on, &day)) {
        diag_add(dl, NULL, 0, 0, TR(M_LETTER_BAD_DATE), e->signed_on);
        return false;
    }
    if (!e->signed_on != !e->n_signatories) {
        diag_add(dl, NULL, 0, 0, "%s", tr(M_LETTER_SIGN_BOTH));
        return false;
    }
    return true;
}

typedef struct letter_ctx {
    const plan *p;
    const letter_edit *e;
} letter_ctx;

/* The unit's targets after the edit: its old ones but those of a check
 * the edit sets, then the edit's.  Caller frees the array (not the
 * items). */
static const char **merged_targets(const unit_record *rec, const letter_edit *e, size_t *n)
{
    const record_value *v = rec ? record_value_of(rec, "targets") : NULL;
    size_t old = v ? v->n_items : 0;
    const char **out = xcalloc(old + e->n_targets + 1, sizeof *out);
    *n = 0;
    for (size_t i = 0; i < old; i++) {
        char check[ID_MAX_LEN + 1];
        range r;
        bool replaced = false;
        if (record_target_parse(v->items[i], check, sizeof check, &r))
            for (size_t k = 0; k < e->n_targets; k++) {
                char other[ID_MAX_LEN + 1];
                replaced |= record_target_parse(e->targets[k], other, sizeof other, &r) &&
                            strcmp(check, other) == 0;
            }
        if (!replaced)
            out[(*n)++] = v->items[i];
    }
    for (size_t k = 0; k < e->n_targets; k++)
        out[(*n)++] = e->targets[k];
    return out;
}

static size_t apply_letter(unit *u, const unit *base, const void *ctx, const char *by,
                           const char *now, diag_list *dl)
{
    const letter_ctx *c = ctx;
    const letter_edit *e = c->e;
    const unit_record *rec = letter_record(u);
    const char *was_signed = rec ? record_text(rec, "signed") : NULL;
    if (was_signed) {
        diag_add(dl, NULL, 0, 0, TR(M_LETTER_SIGNED_ALREADY), u->id, was_signed);
        return 0;
    }
    record_field_set fields[5];
    size_t nf = 0, n_targets = 0;
    const char **targets = NULL;
    if (e->n_tasks)
        fields[nf++] = (record_field_set){"tasks", NULL, e->tasks, e->n_tasks};
    if (e->n_targets) {
        targets = merged_targets(rec, e, &n_targets);
        fields[nf++] = (record_field_set){"targets", NULL, targets, n_targets};
    }
    if (e->signed_on) {
        fields[nf++] = (record_field_set){"signed", e->signed_on, NULL, 0};
        fields[nf++] = (record_field_set){"signatories", NULL, e->signatories, e->n_signatories};
    }
    if (e->note)
        fields[nf++] = (record_field_set){"note", e->note, NULL, 0};
    record_change ch = {.kind = &record_kind_letter,
                        .id = rec ? rec->id : NULL,
                        .fields = fields,
                        .n_fields = nf,
                        .history_old = rec ? "draft" : NULL,
                        .history_new = e->signed_on ? "signed" : "draft"};
    size_t changed = record_apply(u, base, &ch, by, now, dl) ? 1 : 0;
    free(ch.new_id);
    free(targets);
    const plan_letter *t = plan_letter_for(c->p, u->kind);
    if (changed && e->signed_on && t && t->marks) {
        check_change done = {.check = t->marks, .set_status = true, .status = STATUS_DONE};
        changed += check_change_apply(u, base, &done, by, now);
    }
    return changed;
}

bool letter_change(workspace *ws, ws_unit *wu, const letter_edit *e, const char *by,
                   store_result *res, diag_list *dl)
{
    if (!letter_edit_valid(&ws->plan, wu, e, dl))
        return false;
    /* each field as the record mechanism checks it (lines, dates, lists) */
    record_field_set fields[4] = {
        {"tasks", NULL, e->n_tasks ? e->tasks : NULL, e->n_tasks},
        {"targets", NULL, e->n_targets ? e->targets : NULL, e->n_targets},
        {"signatories", NULL, e->n_signatories ? e->signatories : NULL, e->n_signatories},
        {"note", e->note, NULL, 0},
    };
    record_change probe = {
        .kind = &record_kind_letter, .id = "l-000000", .fields = fields, .n_fields = 4};
    if (!record_change_valid(wu, &probe, dl))
        return false;
    /* the targets as the record writes them: "M6.trainees >= 120" */
    char **canon = xcalloc(e->n_targets + 1, sizeof *canon);
    for (size_t i = 0; i < e->n_targets; i++) {
        char check[ID_MAX_LEN + 1];
        range r;
        record_target_parse(e->targets[i], check, sizeof check, &r);
        canon[i] = letter_target_text(check, &r);
    }
    letter_edit same = *e;
    same.targets = (const char *const *)canon;
    letter_ctx c = {.p = &ws->plan, .e = &same};
    store_edit edit = {apply_letter, &c};
    bool ok = store_update(ws, wu, &edit, by, res, dl);
    for (size_t i = 0; i < e->n_targets; i++)
        free(canon[i]);
    free(canon);
    return ok;
}
