-- PostgreSQL port of migrations/0002_network.sql: the same sites, opening hours and resources.
-- The CyberCantal Télécentres network as its brochures describe it (evaluation of 2013 and the
-- 2017 presentation): 58 work positions, 34 private offices and 24 open-space desks, plus the
-- meeting and visio rooms the brochures name. Streets left NULL are not in the brochures yet.
-- Opening hours are the network's usual Monday-Friday day unless a site is known to differ.

INSERT INTO sites (id, name, street, postal_code, town, description) VALUES
    ('murat', 'La Cocotte numérique', 'Maison des services, 4 rue Faubourg Notre-Dame', '15300', 'Murat',
     'Espace de coworking et fablab (2 rue Faubourg Notre-Dame) du pays de Murat ; forum du télétravail chaque année en octobre.'),
    ('aurillac-a2ex', 'Télécentre A2EX', 'Site de l''IUT, 25 rue de l''Ecole Normale', '15000', 'Aurillac',
     'Environnement de travail 3.0 : bureaux individuels, open space, salle de réunion et de visioconférence.'),
    ('aurillac-la-forge', 'La Forge', '12 rue Paul Doumer', '15000', 'Aurillac',
     'Espace de coworking associatif et son FabLab.'),
    ('ydes', 'Télécentre d''Ydes', 'Maison des Services, 4 rue du Docteur Basset', '15210', 'Ydes', ''),
    ('mauriac', 'Télécentre du pays de Mauriac', 'Médiathèque, rue du 11 novembre', '15200', 'Mauriac', ''),
    ('riom-es-montagnes', 'Télécentre du pays Gentiane',
     'Maison de la formation et du développement, place de la gare', '15400', 'Riom-ès-Montagnes',
     'Domiciliation d''entreprise, accompagnement de porteurs de projets, réception et envoi de courrier.'),
    ('cassaniouze', 'Télécentre de Cassaniouze', 'Le bourg', '15340', 'Cassaniouze', 'Domiciliation d''entreprise.'),
    ('montmurat', 'Télécentre de Montmurat', 'Le bourg', '15600', 'Montmurat', ''),
    ('allanche', 'Télécentre d''Allanche', NULL, '15160', 'Allanche', ''),
    ('chaudes-aigues', 'Télécentre de Chaudes-Aigues', NULL, '15110', 'Chaudes-Aigues',
     'Spécialité du réseau : santé et travail.'),
    ('saint-flour', 'Télécentre de Saint-Flour', NULL, '15100', 'Saint-Flour', '');

WITH hours(site_id, opens, closes) AS (VALUES
    ('murat', '08:30', '18:30'),
    ('aurillac-a2ex', '08:30', '18:30'),
    ('aurillac-la-forge', '08:00', '19:00'),
    ('ydes', '08:30', '18:30'),
    ('mauriac', '08:30', '18:30'),
    ('riom-es-montagnes', '08:30', '18:30'),
    ('cassaniouze', '09:00', '12:00'),
    ('cassaniouze', '13:30', '17:30'),
    ('montmurat', '09:00', '12:00'),
    ('montmurat', '13:30', '17:30'),
    ('allanche', '08:30', '18:30'),
    ('chaudes-aigues', '08:30', '18:30'),
    ('saint-flour', '08:30', '18:30'))
INSERT INTO opening_hours (site_id, weekday, opens, closes)
SELECT site_id, day, opens::time, closes::time FROM hours, generate_series(1, 5) AS day;

-- Saturday mornings where the brochures show the village telecentres and the fablab open.
INSERT INTO opening_hours (site_id, weekday, opens, closes) VALUES
    ('murat', 6, '09:00', '12:00'),
    ('cassaniouze', 6, '10:00', '12:00'),
    ('montmurat', 6, '10:00', '12:00');

WITH positions(site_id, kind, how_many) AS (VALUES
    ('murat', 'office', 4),
    ('aurillac-a2ex', 'office', 5),
    ('ydes', 'office', 4),
    ('mauriac', 'office', 4),
    ('riom-es-montagnes', 'office', 3),
    ('cassaniouze', 'office', 3),
    ('montmurat', 'office', 2),
    ('allanche', 'office', 3),
    ('chaudes-aigues', 'office', 3),
    ('saint-flour', 'office', 3),
    ('murat', 'open_space', 8),
    ('aurillac-a2ex', 'open_space', 6),
    ('aurillac-la-forge', 'open_space', 6),
    ('riom-es-montagnes', 'open_space', 2),
    ('allanche', 'open_space', 2))
INSERT INTO resources (id, site_id, kind, name, capacity)
SELECT site_id || CASE kind WHEN 'office' THEN '-bureau-' ELSE '-poste-' END || n,
       site_id, kind,
       CASE kind WHEN 'office' THEN 'Bureau ' ELSE 'Poste open space ' END || n,
       1
FROM positions, generate_series(1, how_many) AS n;

INSERT INTO resources (id, site_id, kind, name, capacity) VALUES
    ('murat-salle-reunion', 'murat', 'meeting_room', 'Salle de réunion', 10),
    ('murat-salle-visio', 'murat', 'visio_room', 'Salle de visioconférence', 6),
    ('aurillac-a2ex-salle-reunion', 'aurillac-a2ex', 'meeting_room', 'Salle de réunion', 12),
    ('aurillac-a2ex-salle-visio', 'aurillac-a2ex', 'visio_room', 'Salle de visioconférence', 8);
