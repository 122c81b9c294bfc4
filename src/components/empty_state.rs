//! An honest empty page: what will live here, and links to what already works.

use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn EmptyState(
    /// The page heading.
    title: &'static str,
    /// One or two sentences on what this part of Praxis is for.
    purpose: &'static str,
    /// What will be managed here once built.
    coming: &'static [&'static str],
) -> impl IntoView {
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">{title}</h1>
            <div class="card empty-state">
                <p>{purpose}</p>
                <p><strong>"Not built yet."</strong> " This part of Praxis will hold:"</p>
                <ul>{coming.iter().map(|item| view! { <li>{*item}</li> }).collect_view()}</ul>
                <p>"What you can do today:"</p>
                <ul class="links">
                    <li><A href="/">"Describe your organisation and the scope of your SMS and ISMS"</A></li>
                    <li><A href="/settings">"Manage workspaces, back up and restore your data"</A></li>
                </ul>
            </div>
        </section>
    }
}
