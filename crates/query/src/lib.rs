//! dossier-query.
