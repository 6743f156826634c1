-- PostgreSQL port of migrations/0003_demo_members.sql.
-- Demo members holding a Pass Actifs Mobiles, with invented names. Their pass dates are written
-- relative to the day this migration runs, so a new database always has someone in each state:
-- free period (joined two months ago), active paying, expired (paid up to two months ago) and
-- suspended. display_name is what a kiosk shows in an entrance hall: first name, initial.
-- The badge UIDs are listed in docs/backend.md; the kiosk demo and the tests rely on them.
-- current_date is the UTC day, as SQLite's date('now'): the store's sessions run in UTC.

CREATE TEMP TABLE demo_people (id text, first_name text, last_name text, site text, state text, fee integer)
    ON COMMIT DROP;
INSERT INTO demo_people VALUES
    ('m-elodie-vermenouze', 'Élodie', 'Vermenouze', 'murat', 'active', 6000),
    ('m-julien-chambon', 'Julien', 'Chambon', 'murat', 'free', 5000),
    ('m-thomas-delpuech', 'Thomas', 'Delpuech', 'murat', 'expired', 5000),
    ('m-nadia-cabrol', 'Nadia', 'Cabrol', 'aurillac-a2ex', 'suspended', 8000),
    ('m-marion-lavergne', 'Marion', 'Lavergne', 'aurillac-a2ex', 'active', 8000),
    ('m-karim-bessiere', 'Karim', 'Bessière', 'aurillac-la-forge', 'active', 5000),
    ('m-sophie-laborie', 'Sophie', 'Laborie', 'aurillac-la-forge', 'free', 5000),
    ('m-antoine-veyrines', 'Antoine', 'Veyrines', 'ydes', 'active', 5500),
    ('m-lucie-marty', 'Lucie', 'Marty', 'mauriac', 'free', 6000),
    ('m-hugo-serre', 'Hugo', 'Serre', 'riom-es-montagnes', 'active', 7000),
    ('m-claire-teyssedre', 'Claire', 'Teyssèdre', 'cassaniouze', 'active', 5000),
    ('m-mathieu-lacombe', 'Mathieu', 'Lacombe', 'montmurat', 'expired', 5000),
    ('m-ines-rouquier', 'Inès', 'Rouquier', 'allanche', 'active', 9000),
    ('m-romain-aldebert', 'Romain', 'Aldebert', 'chaudes-aigues', 'free', 6500),
    ('m-anais-courbebaisse', 'Anaïs', 'Courbebaisse', 'saint-flour', 'active', 10000);

INSERT INTO members (id, first_name, last_name, display_name, home_site_id)
SELECT id, first_name, last_name, first_name || ' ' || left(last_name, 1) || '.', site FROM demo_people;

-- joined = months ago; free_until = joined + 6 months - 1 day; paid_until per state.
INSERT INTO passes (member_id, joined, free_until, paid_until, suspended, monthly_fee_cents)
SELECT id, joined, (joined + interval '6 months')::date - 1,
       CASE state
           WHEN 'free' THEN joined - 1
           WHEN 'expired' THEN (date_trunc('month', current_date::timestamp) - interval '1 month')::date - 1
           ELSE (date_trunc('month', current_date::timestamp) + interval '12 months')::date - 1
       END,
       state = 'suspended', fee
FROM (SELECT *, (current_date - CASE state
                                    WHEN 'free' THEN interval '2 months'
                                    WHEN 'expired' THEN interval '20 months'
                                    WHEN 'suspended' THEN interval '10 months'
                                    ELSE interval '14 months'
                                END)::date AS joined
      FROM demo_people) AS people;

INSERT INTO badges (uid, member_id, revoked_at) VALUES
    ('04A1B2C3D4E5F6', 'm-elodie-vermenouze', NULL),
    ('04A1B2C3D4E5F0', 'm-elodie-vermenouze', date_trunc('second', now()) - interval '3 months'),
    ('04112233445566', 'm-julien-chambon', NULL),
    ('A1B2C3D4', 'm-julien-chambon', NULL),
    ('04E1E2E3E4E5E6', 'm-thomas-delpuech', NULL),
    ('04505050505050', 'm-nadia-cabrol', NULL),
    ('043A7F129C4480', 'm-marion-lavergne', NULL),
    ('5E6F7A8B', 'm-karim-bessiere', NULL),
    ('047C219A3B5280', 'm-sophie-laborie', NULL),
    ('0419C46E2A5180', 'm-antoine-veyrines', NULL),
    ('9A3C5E71', 'm-lucie-marty', NULL),
    ('0462D80B7E3381', 'm-hugo-serre', NULL),
    ('042F93C1586A80', 'm-claire-teyssedre', NULL),
    ('048B14E73D2981', 'm-mathieu-lacombe', NULL),
    ('3C4D5E6F', 'm-ines-rouquier', NULL),
    ('04D56A910C4780', 'm-romain-aldebert', NULL),
    ('04B72E58F10381', 'm-anais-courbebaisse', NULL);
