use super::*;

const COLUMNS: [Column; 3] = [
    Column {
        key: "title",
        label: "Title",
    },
    Column {
        key: "priority",
        label: "Priority",
    },
    Column {
        key: "owner",
        label: "Owner",
    },
];

fn row(id: &str, title: &str, priority: i64, owner: &str, state: &str) -> Row {
    let mut row = Row::new(
        id,
        vec![
            Cell::text(title).link(format!("/tickets/{id}")),
            Cell::number(format!("P{priority}"), priority),
            Cell::text(owner),
        ],
    )
    .searched_by(title)
    .searched_by(owner)
    .tagged("state", state);
    if state != "closed" {
        row = row.tagged("state", "open");
    }
    row
}

fn rows() -> Vec<Row> {
    vec![
        row("a", "Mail down", 2, "Grace", "new"),
        row("b", "Printer jam", 4, "", "closed"),
        row("c", "VPN slow", 1, "Ada", "in-progress"),
        row("d", "Mail quota", 3, "ada", "new"),
    ]
}

fn ids(view: &View) -> Vec<&'static str> {
    let rows = rows();
    let names = ["a", "b", "c", "d"];
    shown(&COLUMNS, &rows, view)
        .into_iter()
        .map(|p| names[p])
        .collect()
}

#[test]
fn an_empty_view_shows_every_row_in_its_own_order() {
    assert_eq!(ids(&View::default()), ["a", "b", "c", "d"]);
}

#[test]
fn search_needs_every_word_in_any_case_and_in_any_searched_text() {
    let search = |query: &str| {
        ids(&View {
            query: query.into(),
            ..View::default()
        })
    };
    assert_eq!(search("MAIL"), ["a", "d"]);
    assert_eq!(search("mail ada"), ["d"], "title and owner together");
    assert_eq!(search("  "), ["a", "b", "c", "d"]);
    assert!(search("payroll").is_empty());
    // The texts are kept apart: the end of one and the start of the next are not one word.
    assert!(search("downgrace").is_empty());
}

#[test]
fn a_filter_keeps_the_rows_tagged_with_its_value_and_an_empty_one_keeps_all() {
    let mut view = View::default();
    view.set_filter("state", "open");
    assert_eq!(ids(&view), ["a", "c", "d"]);
    view.set_filter("state", "new");
    assert_eq!(ids(&view), ["a", "d"]);
    view.set_filter("state", "");
    assert_eq!(view.filter("state"), "");
    assert_eq!(ids(&view), ["a", "b", "c", "d"]);
    view.set_filter("service", "mail");
    assert!(ids(&view).is_empty(), "no row has a service");
}

#[test]
fn sorting_goes_ascending_then_descending_then_back_with_empty_cells_last() {
    let mut view = View::default();
    view.toggle_sort("priority");
    assert_eq!(ids(&view), ["c", "a", "d", "b"]);
    view.toggle_sort("priority");
    assert_eq!(ids(&view), ["b", "d", "a", "c"]);
    view.toggle_sort("priority");
    assert_eq!(view.sort, None);
    assert_eq!(ids(&view), ["a", "b", "c", "d"]);
    view.toggle_sort("owner");
    assert_eq!(
        ids(&view),
        ["c", "d", "a", "b"],
        "case apart, ties kept, empty last"
    );
    view.toggle_sort("owner");
    assert_eq!(ids(&view), ["a", "c", "d", "b"], "empty still last");
}

#[test]
fn a_sort_by_a_column_the_list_does_not_have_keeps_the_rows_order() {
    let view = View {
        sort: Some(Sort {
            column: "gone".into(),
            descending: false,
        }),
        ..View::default()
    };
    assert_eq!(ids(&view), ["a", "b", "c", "d"]);
}

#[test]
fn a_link_carries_a_search_and_the_filters_the_list_has() {
    let mut default = View::default();
    default.set_filter("state", "open");
    let view = default.with_link_choices(
        [
            ("service", "mail"),
            ("q", "vpn"),
            ("evil", "x"),
            ("state", ""),
        ],
        &["state", "service"],
    );
    assert_eq!(view.query, "vpn");
    assert_eq!(view.filter("service"), "mail");
    assert_eq!(view.filter("state"), "", "a link may clear a default");
    assert!(!view.filters.contains_key("evil"));
}

#[test]
fn the_count_is_said_in_words() {
    assert_eq!(count_text(3, 10, "service", "services"), "3 of 10 services");
    assert_eq!(count_text(1, 1, "service", "services"), "1 of 1 service");
    assert_eq!(
        count_text(0, 10, "service", "services"),
        "No service of 10 matches."
    );
}

#[test]
fn the_window_covers_the_rows_in_sight_and_the_overscan() {
    assert_eq!(window(0, 40.0, 0.0, 400.0, 5), 0..0);
    assert_eq!(window(10_000, 40.0, 0.0, 400.0, 5), 0..16);
    assert_eq!(window(10_000, 40.0, 4_000.0, 400.0, 5), 95..116);
    assert_eq!(window(10_000, 40.0, 400_000.0, 400.0, 5), 9_995..10_000);
    assert_eq!(window(20, 40.0, 0.0, 4_000.0, 5), 0..20);
    assert_eq!(
        window(10, 0.0, 0.0, 400.0, 5),
        0..0,
        "no row height, no rows"
    );
    assert_eq!(
        window(10, 40.0, -50.0, 400.0, 0),
        0..10,
        "an overscroll bounce"
    );
}

#[test]
fn views_are_saved_by_name_replaced_by_name_and_removed() {
    let mut views = SavedViews::default();
    let mut open = View::default();
    open.set_filter("state", "open");
    assert_eq!(
        views.save("  My open  ", open.clone()),
        Ok("My open".into())
    );
    assert_eq!(views.get("My open"), Some(&open));
    let mut closed = View::default();
    closed.set_filter("state", "closed");
    views.save("MY OPEN", closed.clone()).unwrap();
    assert_eq!(
        views.iter().count(),
        1,
        "the same name in another case replaces"
    );
    assert_eq!(views.get("MY OPEN"), Some(&closed));
    let again = SavedViews::parse(&views.to_json());
    assert_eq!(again, views);
    views.remove("MY OPEN");
    assert_eq!(views.iter().count(), 0);
}

#[test]
fn a_view_needs_a_short_name_and_a_list_keeps_a_bounded_number() {
    let mut views = SavedViews::default();
    assert_eq!(views.save(" ", View::default()), Err(ViewError::EmptyName));
    assert_eq!(
        views.save(&"x".repeat(VIEW_NAME_MAX_CHARS + 1), View::default()),
        Err(ViewError::NameTooLong)
    );
    for n in 0..MAX_SAVED_VIEWS {
        views.save(&format!("v{n}"), View::default()).unwrap();
    }
    assert_eq!(
        views.save("one more", View::default()),
        Err(ViewError::TooMany)
    );
    assert!(
        views.save("v3", View::default()).is_ok(),
        "replacing is allowed"
    );
}

#[test]
fn stored_views_that_cannot_be_read_count_as_none() {
    for text in ["", "{", "null", "[{\"name\":1}]", "{\"a\":2}"] {
        assert_eq!(SavedViews::parse(text), SavedViews::default(), "{text:?}");
    }
    let too_many = format!(
        "[{}]",
        vec![r#"{"name":"v","view":{}}"#; MAX_SAVED_VIEWS + 1].join(",")
    );
    assert_eq!(SavedViews::parse(&too_many), SavedViews::default());
    let partial = SavedViews::parse(r#"[{"name":"v","view":{"query":"mail"}}]"#);
    assert_eq!(partial.get("v").map(|v| v.query.as_str()), Some("mail"));
}

#[test]
fn csv_has_a_heading_row_quotes_where_needed_and_disarms_formulas() {
    let rows = vec![
        Row::new(
            "a",
            vec![
                Cell::text("Mail, calendar"),
                Cell::text("P1"),
                Cell::text("Say \"hi\""),
            ],
        ),
        Row::new(
            "b",
            vec![
                Cell::text("=HYPERLINK(\"x\")"),
                Cell::text("-1"),
                Cell::text("two\nlines"),
            ],
        ),
    ];
    assert_eq!(
        to_csv(&COLUMNS, &rows, &[1, 0, 7]),
        "Title,Priority,Owner\r\n\
         \"'=HYPERLINK(\"\"x\"\")\",'-1,\"two\nlines\"\r\n\
         \"Mail, calendar\",P1,\"Say \"\"hi\"\"\"\r\n"
    );
}

#[test]
fn a_board_groups_the_rows_shown_by_state_in_the_views_order() {
    let rows = rows();
    let mut view = View::default();
    view.toggle_sort("priority");
    let positions = shown(&COLUMNS, &rows, &view);
    let found = lanes(
        &rows,
        &positions,
        "state",
        &["new", "in-progress", "closed", "waiting"],
    );
    assert_eq!(found.len(), 4);
    // By priority: a (P2) before d (P3) in the new lane.
    assert_eq!(found[0], vec![0, 3]);
    assert_eq!(found[1], vec![2]);
    assert_eq!(found[2], vec![1]);
    assert!(found[3].is_empty(), "a lane no row is in stays, empty");
    // Filtered to open rows, the closed lane is empty; "open" itself is no lane.
    view.set_filter("state", "open");
    let open = shown(&COLUMNS, &rows, &view);
    let found = lanes(&rows, &open, "state", &["new", "in-progress", "closed"]);
    assert!(found[2].is_empty());
    assert_eq!(found.iter().map(Vec::len).sum::<usize>(), open.len());
}
