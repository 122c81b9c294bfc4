//! Benchmark, not a test: a keystroke in the search box of a 10,000-ticket list, shown as a
//! table and as a board by state, and of a 10,000-risk list, from the input event to the list's
//! DOM updated and laid out, in the browser. Ignored in normal runs;
//! `cargo xtask bench` runs it with `--include-ignored --nocapture` and records the printed
//! lines in docs/BENCHMARKS.md.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use leptos_router::components::Router;
use praxis::components::register_list::RegisterList;
use praxis::routes::risks::{RISK_FILTER_KEYS, RISK_LIST, risk_filters, risk_rows};
use praxis::routes::tickets::{
    RowContext, TICKET_FILTER_KEYS, TICKET_LIST, ticket_filters, ticket_rows,
};
use praxis::state::AppState;
use praxis_core::RecordId;
use praxis_core::isms::risk::Risk;
use praxis_core::isms::risk_method::RiskMethod;
use praxis_core::itsm::agreement::{Agreement, AgreementKind, Targets};
use praxis_core::itsm::priority::{Level, Priority, PriorityMatrix};
use praxis_core::itsm::service_hours::ServiceHours;
use praxis_core::itsm::ticket::{Ticket, TicketType};
use praxis_core::register::View;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const TICKETS: usize = 10_000;
const WORDS: [&str; 8] = [
    "Mail", "Printer", "VPN", "Payroll", "Laptop", "Badge", "Wi-Fi", "Backup",
];

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or_else(js_sys::Date::now, |p| p.now())
}

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a document")
}

/// Lets every task and microtask the last event queued run (the list's effects included).
async fn settle() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .expect("a window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
            .expect("setTimeout");
    });
    JsFuture::from(promise).await.expect("timer");
}

fn tickets() -> Vec<Ticket> {
    let levels = Level::ALL;
    (0..TICKETS)
        .map(|n| {
            let title = format!(
                "{} problem number {n} on floor {}",
                WORDS[n % WORDS.len()],
                n % 7
            );
            let mut t = Ticket::new(
                RecordId::parse(&format!("t-{n}")).expect("id"),
                TicketType::Incident,
                &title,
                levels[n % 3],
                levels[(n / 3) % 3],
                1_796_000_000_000 - n as i64 * 60_000,
            )
            .expect("a valid ticket");
            t.assignee = ["Ada", "Grace", "Linus", ""][n % 4].to_owned();
            t.reporter = format!("Reporter {}", n % 97);
            t.service = Some(RecordId::parse("mail").expect("id"));
            t
        })
        .collect()
}

/// Office hours with a target for every priority, so each row's SLA cell is computed in full.
fn agreement() -> Agreement {
    let id = |s: &str| RecordId::parse(s).expect("id");
    let mut sla = Agreement::new(id("sla"), "Mail", AgreementKind::Sla, id("mail")).expect("valid");
    sla.hours = ServiceHours::weekdays(8 * 60, 18 * 60, 60).expect("valid");
    for n in 1..=5 {
        sla.targets.insert(
            Priority::new(n).expect("P1 to P5"),
            Targets {
                response_minutes: Some(u32::from(n) * 30),
                resolution_minutes: Some(u32::from(n) * 8 * 60),
            },
        );
    }
    sla
}

fn count_text(register: &str) -> String {
    document()
        .query_selector(&format!("[data-testid={register}-count]"))
        .expect("selector")
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
#[ignore = "benchmark: run by cargo xtask bench"]
async fn a_keystroke_in_a_10000_ticket_list() {
    let tickets = tickets();
    let matrix = PriorityMatrix::default();
    let start = now_ms();
    let agreements = [agreement()];
    let context = RowContext {
        matrix: &matrix,
        services: &[],
        agreements: &agreements,
        now: 1_796_313_000_000,
        time: praxis::browser::short_time,
    };
    let rows = ticket_rows(&tickets, &context);
    let build_ms = now_ms() - start;
    console_log!(
        "register-bench rows rows={} build_ms={build_ms:.1}",
        rows.len()
    );

    let rows = Signal::stored(Some(Ok(rows)));
    let _mounted = mount_list(move || {
        view! {
            <RegisterList spec=TICKET_LIST rows=rows filters=Signal::stored(ticket_filters(&[], &[]))
                default_view=View::default() filter_keys=TICKET_FILTER_KEYS />
        }
        .into_any()
    });
    settle().await;
    assert_eq!(count_text("ticket"), "10000 of 10000 tickets");
    let input: web_sys::HtmlInputElement = document()
        .query_selector("#ticket-search")
        .expect("selector")
        .expect("the search box")
        .unchecked_into();

    let table = keystrokes(&input, "ticket", "1250 of 10000 tickets").await;
    report("filter", &table);

    // The same list as a board by state: every ticket is new, so one lane holds 10,000 cards,
    // drawn at most 100 at a time.
    let board: web_sys::HtmlElement = document()
        .query_selector(".layout-toggle button:last-child")
        .expect("selector")
        .expect("the Board button")
        .unchecked_into();
    board.click();
    settle().await;
    assert!(
        document()
            .query_selector("[data-testid=ticket-board]")
            .expect("selector")
            .is_some(),
        "the board is shown"
    );
    let lanes = keystrokes(&input, "ticket", "1250 of 10000 tickets").await;
    report("board", &lanes);
}

/// Mounts `list` over the app's own style sheet, which gives a long table its scroll box and
/// row height.
fn mount_list(
    list: impl FnOnce() -> AnyView + Send + 'static,
) -> leptos::mount::UnmountHandle<<AnyView as leptos::tachys::view::Render>::State> {
    let style = document().create_element("style").expect("style");
    style.set_text_content(Some(include_str!("../style/main.css")));
    document()
        .head()
        .expect("head")
        .append_child(&style)
        .expect("append");
    let root: web_sys::HtmlElement = document()
        .create_element("div")
        .expect("div")
        .unchecked_into();
    document()
        .body()
        .expect("body")
        .append_child(&root)
        .expect("append");
    leptos::mount::mount_to(root, move || {
        provide_context(AppState::new());
        view! { <Router>{list()}</Router> }.into_any()
    })
}

fn risks() -> Vec<Risk> {
    (0..TICKETS)
        .map(|n| {
            let title = format!(
                "{} failure number {n} at site {}",
                WORDS[n % WORDS.len()],
                n % 7
            );
            let id = RecordId::parse(&format!("r-{n}")).expect("id");
            let mut r = Risk::new(id, &title, 1_796_000_000_000).expect("a valid risk");
            r.owner = ["Ada", "Grace", "Linus", ""][n % 4].to_owned();
            r.threat = format!("Threat {}", n % 13);
            r.likelihood = Some((n % 5) as u8 + 1);
            r.impact.integrity = Some(((n / 5) % 5) as u8 + 1);
            r
        })
        .collect()
}

#[wasm_bindgen_test]
#[ignore = "benchmark: run by cargo xtask bench"]
async fn a_keystroke_in_a_10000_risk_list() {
    let risks = risks();
    let method = RiskMethod::default();
    let today = praxis_core::date::Date::parse("2026-12-07").expect("a day");
    let start = now_ms();
    let rows = risk_rows(&risks, &method, today);
    let build_ms = now_ms() - start;
    console_log!(
        "register-bench risk-rows rows={} build_ms={build_ms:.1}",
        rows.len()
    );
    let filters = Signal::stored(risk_filters(&risks, &[]));
    let rows = Signal::stored(Some(Ok(rows)));
    let _mounted = mount_list(move || {
        view! {
            <RegisterList spec=RISK_LIST rows=rows filters=filters
                default_view=View::default() filter_keys=RISK_FILTER_KEYS />
        }
        .into_any()
    });
    settle().await;
    assert_eq!(count_text("risk"), "10000 of 10000 risks");
    let input: web_sys::HtmlInputElement = document()
        .query_selector("#risk-search")
        .expect("selector")
        .expect("the search box")
        .unchecked_into();
    let samples = keystrokes(&input, "risk", "1250 of 10000 risks").await;
    report("risks", &samples);
}

/// Prints the median, 95th percentile and slowest of `samples` as a result line.
fn report(name: &str, samples: &[f64]) {
    let mut samples = samples.to_vec();
    samples.sort_by(f64::total_cmp);
    let n = samples.len();
    console_log!(
        "register-bench {name} rows={TICKETS} keystrokes={n} median_ms={:.1} p95_ms={:.1} max_ms={:.1}",
        samples[n / 2],
        samples[n * 95 / 100],
        samples[n - 1]
    );
}

/// Types "printer 5" a key at a time and takes it back again, six times over, timing each
/// keystroke after the first round (warm-up); "printer" alone must leave `printer_count`.
async fn keystrokes(
    input: &web_sys::HtmlInputElement,
    register: &str,
    printer_count: &str,
) -> Vec<f64> {
    let typed = "printer 5";
    let mut samples = Vec::new();
    for round in 0..6 {
        let mut texts: Vec<String> = (1..=typed.len()).map(|n| typed[..n].to_owned()).collect();
        texts.extend((0..typed.len()).rev().map(|n| typed[..n].to_owned()));
        for text in texts {
            let before = count_text(register);
            let start = now_ms();
            input.set_value(&text);
            let event = web_sys::Event::new("input").expect("event");
            input.dispatch_event(&event).expect("dispatch");
            settle().await;
            // Reading a layout value makes the browser lay the updated list out now.
            let _ = document().body().expect("body").offset_height();
            let elapsed = now_ms() - start;
            if round > 0 {
                samples.push(elapsed);
            }
            if text == "printer" {
                assert_eq!(count_text(register), printer_count, "{before}");
            }
        }
    }
    samples
}
