#include "report/document.h"

#include "i18n/i18n.h"
#include "report/report.h"

#include <string.h>

bool doc_format_parse(const char *s, doc_format *out)
{
    if (strcmp(s, "html") == 0)
        *out = DOC_HTML;
    else if (strcmp(s, "markdown") == 0)
        *out = DOC_MARKDOWN;
    else
        return false;
    return true;
}

void doc_html_begin(strbuf *out, const char *title, const char *style)
{
    sb_printf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
              i18n_lang() == LANG_ZH ? "zh-CN" : "en");
    sb_puts(out, "<title>");
    report_html_escape(out, title);
    sb_printf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", style);
}

void doc_html_end(strbuf *out)
{
    sb_puts(out, "</body>\n</html>\n");
}

void doc_html_p(strbuf *out, const char *cls, const char *raw)
{
    sb_puts(out, cls ? "<p class=\"" : "<p>");
    if (cls)
        sb_printf(out, "%s\">", cls);
    report_html_escape(out, raw);
    sb_puts(out, "</p>\n");
}

void doc_md_line(strbuf *out, const char *raw)
{
    report_md_escape(out, raw, true, "");
    sb_puts(out, "\n\n");
}
