-- Issue 13 §2–3: evidence and attachments; written notices and documents (文书). See docs/documents.md.

-- Attachments: metadata here, the bytes in case_attachment_blobs (lists never read blobs). Stored in PostgreSQL:
-- one backup, one transaction with the case's event; an object store can sit behind the AttachmentStore port
-- (storage = 's3' would keep the key in storage_key and no blob row).
CREATE TABLE "case_attachments" (
  "id" UUID NOT NULL,
  "case_id" UUID NOT NULL,
  "name" TEXT NOT NULL,
  "content_type" TEXT NOT NULL,
  "size" INTEGER NOT NULL,
  "sha256" TEXT NOT NULL,
  "sensitive" BOOLEAN NOT NULL DEFAULT false,
  "has_thumbnail" BOOLEAN NOT NULL DEFAULT false,
  "storage" TEXT NOT NULL DEFAULT 'pg',
  "storage_key" TEXT,
  "uploaded_by" UUID NOT NULL,
  "unit_id" UUID NOT NULL,
  "uploaded_at" TIMESTAMPTZ(3) NOT NULL,
  CONSTRAINT "case_attachments_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "case_attachments_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE,
  CONSTRAINT "case_attachments_size_check" CHECK ("size" > 0)
);
CREATE INDEX "case_attachments_case_id_uploaded_at_idx" ON "case_attachments"("case_id", "uploaded_at");

CREATE TABLE "case_attachment_blobs" (
  "attachment_id" UUID NOT NULL,
  "content" BYTEA NOT NULL,
  "thumbnail" BYTEA,
  CONSTRAINT "case_attachment_blobs_pkey" PRIMARY KEY ("attachment_id"),
  CONSTRAINT "case_attachment_blobs_attachment_id_fkey" FOREIGN KEY ("attachment_id") REFERENCES "case_attachments"("id") ON DELETE CASCADE
);

-- Every download (and thumbnail) of an attachment: who, when, which case and file, from where. Append-only.
CREATE TABLE "attachment_downloads" (
  "id" BIGSERIAL NOT NULL,
  "attachment_id" UUID NOT NULL,
  "case_id" UUID NOT NULL,
  "user_id" UUID NOT NULL,
  "unit_id" UUID NOT NULL,
  "role" TEXT NOT NULL,
  "at" TIMESTAMPTZ(3) NOT NULL,
  "ip" TEXT,
  "thumbnail" BOOLEAN NOT NULL DEFAULT false,
  CONSTRAINT "attachment_downloads_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "attachment_downloads_case_id_at_idx" ON "attachment_downloads"("case_id", "at");
-- One refusal for rows that must never change, its message given by each trigger.
CREATE FUNCTION "refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION '%: %', TG_TABLE_NAME, TG_ARGV[0]; END $$;
CREATE TRIGGER "attachment_downloads_no_update" BEFORE UPDATE OR DELETE ON "attachment_downloads"
  FOR EACH ROW EXECUTE FUNCTION "refuse_change"('append-only');

-- Document templates: every version kept (the newest is in force). Version 1 of each kind is the built-in text
-- (libs/cases/src/domain/documents.ts); rows here are the admins' edits, version 2 onwards.
CREATE TABLE "document_template_versions" (
  "kind" TEXT NOT NULL,
  "version" INTEGER NOT NULL,
  "title" TEXT NOT NULL,
  "body" TEXT NOT NULL,
  "changed_at" TIMESTAMPTZ(3) NOT NULL,
  "changed_by" UUID,
  CONSTRAINT "document_template_versions_pkey" PRIMARY KEY ("kind", "version"),
  CONSTRAINT "document_template_versions_version_check" CHECK ("version" >= 2)
);

-- 文号 sequence per issuing unit, year and kind. The row is locked (INSERT … ON CONFLICT DO UPDATE) in the
-- issuing transaction, so numbers are unique and gap-free: a rolled-back issue gives its number back.
CREATE TABLE "document_counters" (
  "unit_id" UUID NOT NULL,
  "year" INTEGER NOT NULL,
  "kind" TEXT NOT NULL,
  "last" INTEGER NOT NULL,
  CONSTRAINT "document_counters_pkey" PRIMARY KEY ("unit_id", "year", "kind")
);

-- Issued documents: the filled text as issued. Immutable (trigger); a correction is a new row that supersedes it.
CREATE TABLE "case_documents" (
  "id" UUID NOT NULL,
  "case_id" UUID NOT NULL,
  "kind" TEXT NOT NULL,
  "number" TEXT NOT NULL,
  "issuer_unit_id" UUID NOT NULL,
  "issuer_name" TEXT NOT NULL,
  "handling_unit_id" UUID,
  "year" INTEGER NOT NULL,
  "seq" INTEGER NOT NULL,
  "template_version" INTEGER NOT NULL,
  "title" TEXT NOT NULL,
  "body" TEXT NOT NULL,
  "issued_at" TIMESTAMPTZ(3) NOT NULL,
  "issued_by" UUID NOT NULL,
  "supersedes_id" UUID,
  CONSTRAINT "case_documents_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "case_documents_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE,
  CONSTRAINT "case_documents_supersedes_id_fkey" FOREIGN KEY ("supersedes_id") REFERENCES "case_documents"("id")
);
CREATE UNIQUE INDEX "case_documents_number_key" ON "case_documents"("number");
CREATE UNIQUE INDEX "case_documents_issuer_unit_id_year_kind_seq_key" ON "case_documents"("issuer_unit_id", "year", "kind", "seq");
CREATE INDEX "case_documents_case_id_idx" ON "case_documents"("case_id");
CREATE TRIGGER "case_documents_no_update" BEFORE UPDATE OR DELETE ON "case_documents"
  FOR EACH ROW EXECUTE FUNCTION "refuse_change"('an issued document is immutable (issue a correction that supersedes it)');
