//! The OpenAPI document, generated from the handlers' annotations and core's wire types.

use axum::Json;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "Praxis sync API", description = "Workspaces, members and roles, and the change feed that keeps devices in step."),
    paths(
        super::members::create_workspace,
        super::members::join,
        super::members::members,
        super::members::create_invite,
        super::members::set_role,
        super::members::revoke_member,
        super::members::revoke_device,
        super::changes::push,
        super::changes::pull,
        super::files::missing,
        super::files::upload,
        super::files::fetch,
    ),
    modifiers(&DeviceToken)
)]
struct Doc;

struct DeviceToken;

impl Modify for DeviceToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "device_token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = Doc::openapi();
    doc.info.version = env!("CARGO_PKG_VERSION").to_owned();
    doc
}

pub async fn serve() -> Json<utoipa::openapi::OpenApi> {
    Json(document())
}
