-- Legal bases cite the regulations by name, never by the internal codes O121 / O20 / RCF (issue 13 §4.2).
-- A changed policy gets a new version (its journal records the change with no author: an upgrade migration).
CREATE FUNCTION "pg_temp"."cite_laws"(t TEXT) RETURNS TEXT LANGUAGE SQL IMMUTABLE AS $$
  SELECT regexp_replace(regexp_replace(regexp_replace(t,
    '(^|[^A-Za-z0-9])O121 ?(第|）|$)', '\1《市场监督管理投诉举报处理办法》\2', 'g'),
    '(^|[^A-Za-z0-9])O20 ?(第|）|$)', '\1《市场监督管理投诉举报处理暂行办法》\2', 'g'),
    '(^|[^A-Za-z0-9])RCF ?(第|）|$)', '\1《市场监督管理行政处罚程序规定》\2', 'g')
$$;

UPDATE "time_limit_policies"
   SET "legal_basis" = pg_temp.cite_laws("legal_basis"),
       "extension_basis" = pg_temp.cite_laws("extension_basis"),
       "version" = "version" + 1
 WHERE "legal_basis" ~ '(O121|O20|RCF)' OR "extension_basis" ~ '(O121|O20|RCF)';

UPDATE "deadlines" SET "legal_basis" = pg_temp.cite_laws("legal_basis") WHERE "legal_basis" ~ '(O121|O20|RCF)';
