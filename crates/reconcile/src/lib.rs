//! dossier-reconcile.
