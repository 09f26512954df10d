/* event_parse — the baseline of the load benchmark: read every file named
 * on stdin (one path per line) and run libyaml's event parser over it,
 * doing nothing with the events.  No loader can be faster than this. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

static int parse_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    static char buf[8 << 20];
    size_t len = fread(buf, 1, sizeof buf, f);
    fclose(f);
    yaml_parser_t parser;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
    int events = 0, done = 0;
    while (!done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev))
            break;
        done = ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
        events++;
    }
    yaml_parser_delete(&parser);
    return events;
}

int main(void)
{
    char line[4096];
    long total = 0, files = 0;
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\n")] = '\0';
        int n = parse_file(line);
        if (n < 0) {
            fprintf(stderr, "cannot read %s\n", line);
            return 1;
        }
        total += n;
        files++;
    }
    printf("%ld files, %ld events\n", files, total);
    return 0;
}
