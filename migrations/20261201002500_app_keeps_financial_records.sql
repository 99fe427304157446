-- Financial and audit records: aegis_app may no longer DELETE from payments or jobs (job_status_history
-- was already read-only for it). A job ends by cancellation (R-7 §2.3: requested, matched or in_progress
-- -> cancelled), never by deletion, and deleting one would take its audit history with it; a payment is
-- corrected by its status and refund fields or a refund row. Either DELETE fails with 42501.
-- Deleting stays possible for the owner (the migration/maintenance login), e.g. to remove test data.

-- Up Migration

REVOKE DELETE ON payments, jobs FROM aegis_app;

-- Down Migration
GRANT DELETE ON payments, jobs TO aegis_app;
