-- A customer notice's "Started" line means when users were first hurt (impact started), not when the
-- rule fired: the seeded templates said {{incident.detectedAt}} there before {{incident.startedAt}}
-- existed. Rewrite exactly that seeded line, in the seeded customer templates only; a line an admin
-- has edited into anything else is left as it is.
UPDATE "NoticeTemplate"
SET body = replace(body, '**Started:** {{incident.detectedAt}}', '**Started:** {{incident.startedAt}}'),
    "updatedAt" = now()
WHERE kind = 'customer'
  AND name IN ('Service disruption notice', 'Service restored notice')
  AND body LIKE '%**Started:** {{incident.detectedAt}}%';
