//! An item's guidance. An imported framework carries its own; the built-ins' guidance is served
//! as files beside the app (kept by the service worker for offline use) and fetched once, the
//! first time someone opens an item, instead of being compiled into the wasm.

use std::sync::Arc;

use gloo_net::http::Request;
use leptos::prelude::*;
use leptos::task::spawn_local;
use praxis_core::framework::{
    Framework, GUIDANCE_FILES, GUIDANCE_PATH, Guidance, GuidanceBook, Item, builtin_frameworks,
};

#[derive(Debug, Clone, PartialEq)]
enum Loaded {
    Loading,
    Ready(Arc<GuidanceBook>),
    Failed(String),
}

/// The built-in guidance, shared by every page: nothing until first asked for.
#[derive(Debug, Clone, Copy)]
pub struct BuiltinGuidance(RwSignal<Option<Loaded>>);

impl BuiltinGuidance {
    pub fn provide() {
        provide_context(Self(RwSignal::new(None)));
    }

    fn request(self) {
        if self.0.get_untracked().is_some() {
            return;
        }
        self.0.set(Some(Loaded::Loading));
        spawn_local(async move {
            let loaded = match load().await {
                Ok(book) => Loaded::Ready(Arc::new(book)),
                Err(problem) => Loaded::Failed(problem),
            };
            self.0.set(Some(loaded));
        });
    }
}

async fn load() -> Result<GuidanceBook, String> {
    let mut book = GuidanceBook::default();
    for name in GUIDANCE_FILES {
        let url = format!("{GUIDANCE_PATH}{name}");
        let response = Request::get(&url)
            .send()
            .await
            .map_err(|e| format!("{url}: {e}"))?;
        if !response.ok() {
            return Err(format!("{url}: the server answered {}", response.status()));
        }
        let text = response.text().await.map_err(|e| format!("{url}: {e}"))?;
        book.add(&text, &builtin_frameworks())
            .map_err(|e| format!("{url}: {e}"))?;
    }
    Ok(book)
}

/// How much of the guidance to show: all of it, or the short form the workshop uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    Full,
    Brief,
}

fn guidance_view(guidance: &Guidance, depth: Depth) -> AnyView {
    let questions = guidance
        .questions
        .iter()
        .map(|q| view! { <li>{q.clone()}</li> })
        .collect_view();
    match depth {
        Depth::Full => view! {
            <div class="guidance">
                <p>{guidance.about.clone()}</p>
                <h4>"Questions to ask"</h4>
                <ul>{questions}</ul>
                <h4>"Evidence an auditor may ask for"</h4>
                <ul>{guidance.evidence.iter().map(|e| view! { <li>{e.clone()}</li> }).collect_view()}</ul>
            </div>
        }
        .into_any(),
        Depth::Brief => view! {
            <div class="workshop-guidance">
                <p>{guidance.about.clone()}</p>
                <ul>{questions}</ul>
            </div>
        }
        .into_any(),
    }
}

/// The guidance for `item`, if its framework has any.
#[component]
pub fn ItemGuidance(
    framework: &'static Framework,
    item: &'static Item,
    depth: Depth,
) -> impl IntoView {
    if let Some(own) = &item.guidance {
        return guidance_view(own, depth);
    }
    if !framework.is_builtin() {
        return ().into_any();
    }
    let builtin = expect_context::<BuiltinGuidance>();
    builtin.request();
    (move || match builtin.0.get() {
        None | Some(Loaded::Loading) => {
            view! { <p class="hint guidance-status">"Loading guidance…"</p> }.into_any()
        }
        Some(Loaded::Failed(problem)) => view! {
            <p class="hint guidance-status" role="status">
                {format!("Guidance could not be loaded ({problem}). It is kept for offline use once Praxis has been opened online; reload to try again.")}
            </p>
        }
        .into_any(),
        Some(Loaded::Ready(book)) => book
            .get(&framework.id, &item.id)
            .map(|g| guidance_view(g, depth))
            .unwrap_or_else(|| ().into_any()),
    })
    .into_any()
}
