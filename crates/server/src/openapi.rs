//! The OpenAPI 3 document of the API, written by hand next to the routes it
//! describes; a test checks that the two list the same routes.

use serde_json::{json, Value};

fn filters() -> Vec<Value> {
    [
        ("outlet", "Only documents from this outlet."),
        ("from", "Only documents published on or after this ISO date."),
        ("to", "Only documents published on or before this ISO date (any precision)."),
        ("entity", "Only documents mentioning this entity id, e.g. country:TUR or system:S-400."),
        ("system", "Only documents (or deals) with events about this system (canonical designation)."),
        ("supplier", "Only documents (or deals) with events with this supplier (ISO3)."),
        ("recipient", "Only documents (or deals) with events with this recipient (ISO3)."),
        ("type", "Only documents with events of this type."),
    ]
    .iter()
    .map(|(name, d)| json!({ "name": name, "in": "query", "required": false, "description": d, "schema": { "type": "string" } }))
    .collect()
}

fn page() -> Vec<Value> {
    vec![
        json!({ "name": "limit", "in": "query", "required": false, "schema": { "type": "integer", "minimum": 1, "maximum": 500, "default": 50 } }),
        json!({ "name": "offset", "in": "query", "required": false, "schema": { "type": "integer", "minimum": 0, "default": 0 } }),
    ]
}

fn ok(schema: Value, description: &str) -> Value {
    json!({ "200": { "description": description, "content": { "application/json": { "schema": schema } } },
            "default": { "description": "An error", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } } })
}

fn id_param() -> Value {
    json!({ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } })
}

/// The OpenAPI document.
pub fn document() -> Value {
    let mut list_params = page();
    list_params.extend(filters());
    let mut search_params = vec![json!({ "name": "q", "in": "query", "required": true, "schema": { "type": "string" }, "description": "Words to find in documents and quotes." })];
    search_params.extend(page());
    search_params.extend(filters());
    let deal_params: Vec<Value> = filters().into_iter().filter(|p| matches!(p["name"].as_str(), Some("system" | "supplier" | "recipient"))).collect();
    let mut register_params = deal_params.clone();
    register_params.push(json!({ "name": "claims", "in": "query", "required": false, "description": "At most this many claims for each field of a row; the field's n_claims then says how many it has (none: every claim)", "schema": { "type": "integer", "minimum": 0 } }));
    register_params.extend([
        json!({ "name": "sources", "in": "query", "required": false, "description": format!("At most this many sources a row; its n_sources then says how many it has (none: every source). With claims at most {} and sources at most {}, rows come from the register stored beside the stories, which is fast at any size", dossier_store::REGISTER_CLAIMS, dossier_store::REGISTER_SOURCES), "schema": { "type": "integer", "minimum": 0 } }),
        json!({ "name": "q", "in": "query", "required": false, "description": format!("Words (at most {}) that must all appear in a row: country codes or names, system, values, comments, sources; any case", dossier_store::REGISTER_WORDS), "schema": { "type": "string" } }),
        json!({ "name": "disputed", "in": "query", "required": false, "description": "1: only rows with a disputed field", "schema": { "type": "string", "enum": ["0", "1"] } }),
        json!({ "name": "sort", "in": "query", "required": false, "description": "Column to sort by: numbers (2.5 billion, 192 missiles, 2019) by value before text, empty fields last, ties in deal order. None: deal order (supplier, recipient and system codes)", "schema": { "type": "string", "enum": dossier_store::REGISTER_SORTS } }),
        json!({ "name": "dir", "in": "query", "required": false, "schema": { "type": "string", "enum": ["asc", "desc"], "default": "asc" } }),
        json!({ "name": "limit", "in": "query", "required": false, "description": "At most this many rows (none: every row)", "schema": { "type": "integer", "minimum": 0 } }),
        json!({ "name": "offset", "in": "query", "required": false, "description": "Skip this many rows first (of those the filters keep)", "schema": { "type": "integer", "minimum": 0, "default": 0 } }),
    ]);
    let country_count = json!({ "type": "object", "required": ["code", "name", "deals"], "properties": { "code": { "type": "string" }, "name": { "type": "string" }, "deals": { "type": "integer" } } });
    json!({
        "openapi": "3.0.3",
        "info": { "title": "dossier", "version": env!("CARGO_PKG_VERSION"),
                  "description": "An evidence-linked record of international arms transfers, read from news reports." },
        "paths": {
            "/api/health": { "get": { "summary": "Liveness and document count", "responses": ok(json!({ "type": "object", "required": ["status", "documents", "stories", "conflicts"], "properties": { "status": { "type": "string" }, "documents": { "type": "integer" }, "stories": { "type": "integer" }, "conflicts": { "type": "integer" }, "writable": { "type": "boolean" } } }), "The server is up") } },
            "/api/documents": {
                "get": { "summary": "Documents, filtered and paged", "parameters": list_params, "responses": ok(json!({ "type": "object", "required": ["total", "documents"], "properties": { "total": { "type": "integer" }, "limit": { "type": "integer" }, "offset": { "type": "integer" }, "documents": { "type": "array", "items": { "$ref": "#/components/schemas/DocSummary" } } } }), "A page of documents") },
                "post": { "summary": "Ingest articles (needs the bearer token)", "security": [{ "bearer": [] }],
                          "requestBody": { "required": true, "content": { "application/json": { "schema": { "oneOf": [ { "$ref": "#/components/schemas/InputRecord" }, { "type": "array", "items": { "$ref": "#/components/schemas/InputRecord" } } ] } } } },
                          "responses": ok(json!({ "type": "object", "properties": { "inserted": { "type": "integer" }, "unchanged": { "type": "integer" }, "replaced": { "type": "integer" }, "duplicates": { "type": "integer" }, "rejected": { "type": "array", "items": { "type": "object" } } } }), "What was stored") }
            },
            "/api/documents/{id}": { "get": { "summary": "One document with its text, entities, quotes, events and amounts", "parameters": [id_param()], "responses": ok(json!({ "type": "object", "required": ["document", "copies"], "properties": { "document": { "$ref": "#/components/schemas/Document" }, "copies": { "type": "array", "items": { "type": "string" } } } }), "The document") } },
            "/api/events": { "get": { "summary": "Events with their documents", "parameters": list_params_events(), "responses": ok(json!({ "type": "object", "required": ["total", "events"], "properties": { "total": { "type": "integer" }, "events": { "type": "array", "items": { "type": "object", "required": ["doc", "index", "event"], "properties": { "doc": { "type": "string" }, "index": { "type": "integer" }, "event": { "type": "object" } } } } } }), "A page of events") } },
            "/api/timeline": { "get": { "summary": "Deals and their facts in time order, with sources", "parameters": deal_params.iter().cloned().chain([json!({ "name": "sources", "in": "query", "required": false, "description": "At most this many sources a fact, one of each different account first (each fact's n_sources says how many it has)", "schema": { "type": "integer", "minimum": 0 } })]).collect::<Vec<_>>(), "responses": ok(json!({ "type": "object", "required": ["stories"], "properties": { "stories": { "type": "array", "items": { "$ref": "#/components/schemas/Story" } } } }), "The timeline") } },
            "/api/stories/{id}": { "get": { "summary": "One deal's story and its conflicts; without parameters, every source of every fact", "parameters": [id_param(),
                { "name": "sources", "in": "query", "required": false, "description": "At most this many sources a fact, one of each different account (outlet, speaker, time, value, quantity, polarity, modality) first; each fact then says how many it has (n_sources), and /api/stories/{id}/sources pages the rest", "schema": { "type": "integer", "minimum": 0 } },
                { "name": "docs", "in": "query", "required": false, "description": "At most this many of the story's documents (n_docs says how many) and of the register row's sources (n_sources)", "schema": { "type": "integer", "minimum": 0 } },
                { "name": "claims", "in": "query", "required": false, "description": "At most this many claims a register field, and of each value a conflict opposes (n_claims on each says how many it has)", "schema": { "type": "integer", "minimum": 0 } }
            ], "responses": ok(json!({ "type": "object", "required": ["story", "conflicts", "register"], "properties": { "story": { "$ref": "#/components/schemas/Story" }, "conflicts": { "type": "array", "items": { "$ref": "#/components/schemas/Conflict" } }, "register": { "description": "The deal's register row (as in /api/register), or null if the story has no fact of the deal itself", "type": "object", "nullable": true } } }), "The story") } },
            "/api/stories/{id}/sources": { "get": { "summary": "A page of one fact's sources, in the order ?sources= cuts them (one of each different account first)", "parameters": [id_param(),
                { "name": "fact", "in": "query", "required": true, "description": "The fact's id, as the story gives it", "schema": { "type": "string" } },
                { "name": "offset", "in": "query", "required": false, "description": "Skip this many sources", "schema": { "type": "integer", "minimum": 0 } },
                { "name": "limit", "in": "query", "required": false, "description": "At most this many sources (default 50)", "schema": { "type": "integer", "minimum": 0 } }
            ], "responses": ok(json!({ "type": "object", "required": ["fact", "offset", "sources", "n_sources"], "properties": { "fact": { "type": "string" }, "offset": { "type": "integer" }, "sources": { "type": "array", "items": { "type": "object" } }, "n_sources": { "type": "integer", "description": "How many sources the fact has" } } }), "Sources") } },
            "/api/deals": { "get": { "summary": "Every deal that has a story: its story id and parties, without the story", "responses": ok(json!({ "type": "object", "required": ["deals"], "properties": { "deals": { "type": "array", "items": { "type": "object", "required": ["story", "supplier", "recipient", "system"], "properties": { "story": { "type": "string" }, "supplier": { "type": "string" }, "recipient": { "type": "string" }, "system": { "type": "string" } } } } } }), "Deals") } },
            "/api/register": { "get": { "summary": "The deal register with SIPRI's fields", "parameters": register_params, "responses": ok(json!({ "type": "object", "required": ["rows", "total"], "properties": { "rows": { "type": "array", "items": { "type": "object" } }, "total": { "type": "integer", "description": "Rows the filters keep, on every page" } } }), "Register rows") } },
            "/api/outlets": { "get": { "summary": "Every outlet the stored documents name, with how many documents each (copies included)", "responses": ok(json!({ "type": "object", "required": ["outlets"], "properties": { "outlets": { "type": "array", "items": { "type": "object", "required": ["outlet", "documents"], "properties": { "outlet": { "type": "string" }, "documents": { "type": "integer" } } } } } }), "Outlets in outlet order") } },
            "/api/register/facets": { "get": { "summary": "How many deals the register has, how many with a disputed field, and by supplier, recipient and system, without the rows", "responses": ok(json!({ "type": "object", "required": ["deals", "disputed", "suppliers", "recipients", "systems"], "properties": {
                "deals": { "type": "integer" }, "disputed": { "type": "integer" },
                "suppliers": { "type": "array", "items": country_count.clone() }, "recipients": { "type": "array", "items": country_count },
                "systems": { "type": "array", "items": { "type": "object", "required": ["system", "deals"], "properties": { "system": { "type": "string" }, "deals": { "type": "integer" } } } } } }), "Counts, each list in code order") } },
            "/api/conflicts": { "get": { "summary": "Contradictions between sources, in deal order", "parameters": [
                { "name": "story", "in": "query", "required": false, "description": "Only this story's conflicts (a story id, as in /api/deals)", "schema": { "type": "string" } },
                { "name": "field", "in": "query", "required": false, "description": "Only conflicts about this field (status, quantity, value, time, ...)", "schema": { "type": "string" } },
                { "name": "limit", "in": "query", "required": false, "description": "At most this many conflicts (none: every one the filters keep)", "schema": { "type": "integer", "minimum": 0 } },
                { "name": "offset", "in": "query", "required": false, "description": "Skip this many of those the filters keep", "schema": { "type": "integer", "minimum": 0 } }
            ], "responses": ok(json!({ "type": "array", "items": { "$ref": "#/components/schemas/Conflict" } }), "Conflicts") } },
            "/api/conflicts/fields": { "get": { "summary": "How many conflicts concern each field, and in all, without the conflicts", "parameters": [
                { "name": "story", "in": "query", "required": false, "description": "Only this story's conflicts (a story id, as in /api/deals)", "schema": { "type": "string" } }
            ], "responses": ok(json!({ "type": "object", "required": ["total", "fields"], "properties": { "total": { "type": "integer" }, "fields": { "type": "array", "items": { "type": "object", "required": ["field", "conflicts"], "properties": { "field": { "type": "string" }, "conflicts": { "type": "integer" } } } } } }), "Counts by field, in field order") } },
            "/api/search": { "get": { "summary": "Full-text search over documents and quotes", "parameters": search_params, "responses": ok(json!({ "type": "object", "required": ["hits"], "properties": { "hits": { "type": "array", "items": { "type": "object", "required": ["id", "snippet"], "properties": { "id": { "type": "string" }, "title": { "type": "string", "nullable": true }, "snippet": { "type": "array", "items": { "type": "object" } }, "quote": { "type": "object", "nullable": true } } } } } }), "Ranked hits with highlighted snippets") } },
            "/api/openapi.json": { "get": { "summary": "This document", "responses": ok(json!({ "type": "object" }), "The OpenAPI document") } }
        },
        "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
            "schemas": {
                "Error": { "type": "object", "required": ["error"], "properties": { "error": { "type": "string" } } },
                "DocSummary": { "type": "object", "required": ["id", "based_on", "n_events"], "properties": {
                    "id": { "type": "string" }, "title": { "type": "string", "nullable": true }, "outlet": { "type": "string", "nullable": true },
                    "published": { "type": "string", "nullable": true }, "published_basis": { "type": "string", "nullable": true },
                    "duplicate_of": { "type": "string", "nullable": true }, "based_on": { "type": "array", "items": { "type": "string" } }, "n_events": { "type": "integer" } } },
                "Document": { "type": "object", "required": ["id", "text", "entities", "quotes", "events", "amounts", "based_on"], "properties": {
                    "id": { "type": "string" }, "url": { "type": "string", "nullable": true }, "title": { "type": "string", "nullable": true },
                    "outlet": { "type": "string", "nullable": true }, "based_on": { "type": "array", "items": { "type": "string" } },
                    "published": { "type": "string", "nullable": true }, "published_basis": { "type": "string", "nullable": true },
                    "duplicate_of": { "type": "string", "nullable": true }, "text": { "type": "string" },
                    "entities": { "type": "array", "items": { "type": "object" } }, "quotes": { "type": "array", "items": { "type": "object" } },
                    "events": { "type": "array", "items": { "type": "object" } }, "amounts": { "type": "array", "items": { "type": "object" } } } },
                "InputRecord": { "type": "object", "required": ["id"], "properties": {
                    "id": { "type": "string" }, "url": { "type": "string" }, "text": { "type": "string" }, "html": { "type": "string" },
                    "title": { "type": "string" }, "published": { "type": "string" }, "outlet": { "type": "string" } } },
                "Story": { "type": "object", "required": ["id", "deal", "docs", "facts"], "properties": {
                    "id": { "type": "string" }, "deal": { "type": "object" }, "docs": { "type": "array", "items": { "type": "string" } },
                    "n_docs": { "type": "integer", "description": "With ?docs=: how many documents the story has" },
                    "facts": { "type": "array", "items": { "type": "object", "description": "A fact; with ?sources=, its n_sources says how many sources it has" } } } },
                "Conflict": { "type": "object", "required": ["field", "subject", "claims", "explain"], "properties": {
                    "field": { "type": "string", "enum": ["status", "time", "value", "quantity"] }, "subject": { "type": "object" },
                    "claims": { "type": "array", "items": { "type": "object", "required": ["doc", "value", "evidence"] } }, "explain": { "type": "string" } } }
            }
        }
    })
}

fn list_params_events() -> Vec<Value> {
    let mut p = page();
    p.extend(filters().into_iter().filter(|f| matches!(f["name"].as_str(), Some("system" | "supplier" | "recipient" | "type"))));
    p
}
