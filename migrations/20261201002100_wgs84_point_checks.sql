-- Coordinates: every geography column refuses a point that is empty, not finite, or outside latitude
-- [-90, 90] / longitude [-180, 180], by a named CHECK (<table>_<column>_wgs84_check, SQLSTATE 23514)
-- built on the IMMUTABLE function valid_wgs84_point(geography).
--
-- PostGIS's geography input (text, ST_GeogFromText, WKB, the geometry -> geography cast) silently wraps
-- an out-of-range coordinate into range before any constraint runs (POINT(-118 100) becomes latitude 80
-- with only a NOTICE), so no CHECK, domain or trigger can see the original. The function wgs84_point
-- refuses such input before PostGIS converts it, with SQLSTATE AG002:
--   wgs84_point(longitude double precision, latitude double precision) -> geography
--   wgs84_point(ewkt text)                                              -> geography  ('SRID=4326;POINT(lon lat)' or 'POINT(lon lat)')
-- Writers that must refuse a wrapped coordinate go through it.
--
-- location_history's constraint is added NOT VALID here (new rows are checked at once, no scan under an
-- exclusive lock) and validated by 20261201002300.

-- Up Migration
-- squawk-ignore-file constraint-missing-not-valid -- guard_profiles and jobs hold one row per guard or job and are validated in place; location_history's constraint is NOT VALID

CREATE FUNCTION valid_wgs84_point(point geography) RETURNS boolean
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
AS $$
  SELECT CASE
    WHEN point IS NULL THEN true
    WHEN public.geometrytype(point) <> 'POINT' THEN false
    WHEN public.st_isempty(point::public.geometry) THEN false
    ELSE coalesce(
      public.st_x(point::public.geometry) BETWEEN -180 AND 180
      AND public.st_y(point::public.geometry) BETWEEN -90 AND 90,
      false)
  END
$$;
COMMENT ON FUNCTION valid_wgs84_point(geography) IS 'TRUE for NULL or a non-empty WGS84 point with finite longitude in [-180, 180] and latitude in [-90, 90] (NaN fails both ranges); used by the <table>_<column>_wgs84_check constraints.';

CREATE FUNCTION wgs84_point(longitude double precision, latitude double precision) RETURNS geography
LANGUAGE plpgsql
IMMUTABLE
STRICT
PARALLEL SAFE
AS $$
BEGIN
  IF NOT (longitude BETWEEN -180 AND 180) THEN
    RAISE EXCEPTION 'invalid WGS84 point: longitude % is outside [-180, 180]', longitude
      USING ERRCODE = 'AG002', HINT = 'Points are (longitude, latitude) in degrees; NaN and infinity are refused.';
  END IF;
  IF NOT (latitude BETWEEN -90 AND 90) THEN
    RAISE EXCEPTION 'invalid WGS84 point: latitude % is outside [-90, 90]', latitude
      USING ERRCODE = 'AG002', HINT = 'Points are (longitude, latitude) in degrees; NaN and infinity are refused.';
  END IF;
  RETURN public.st_setsrid(public.st_makepoint(longitude, latitude), 4326)::public.geography;
END
$$;
COMMENT ON FUNCTION wgs84_point(double precision, double precision) IS 'The geography point (longitude, latitude), refusing a coordinate outside [-180, 180] / [-90, 90], NaN or infinity with SQLSTATE AG002 before PostGIS would wrap it into range.';

CREATE FUNCTION wgs84_point(ewkt text) RETURNS geography
LANGUAGE plpgsql
IMMUTABLE
STRICT
PARALLEL SAFE
AS $$
DECLARE
  shape public.geometry;
BEGIN
  BEGIN
    shape := public.st_geomfromewkt(ewkt);
  EXCEPTION WHEN OTHERS THEN
    RAISE EXCEPTION 'invalid WGS84 point: % is not well-known text', quote_literal(left(ewkt, 60))
      USING ERRCODE = 'AG002', HINT = 'Write SRID=4326;POINT(longitude latitude).';
  END;
  IF public.st_srid(shape) NOT IN (0, 4326) THEN
    RAISE EXCEPTION 'invalid WGS84 point: SRID % is not 4326', public.st_srid(shape)
      USING ERRCODE = 'AG002', HINT = 'Write SRID=4326;POINT(longitude latitude).';
  END IF;
  IF public.st_geometrytype(shape) <> 'ST_Point' OR public.st_isempty(shape) THEN
    RAISE EXCEPTION 'invalid WGS84 point: % is not a non-empty point', quote_literal(left(ewkt, 60))
      USING ERRCODE = 'AG002', HINT = 'Write SRID=4326;POINT(longitude latitude).';
  END IF;
  RETURN public.wgs84_point(public.st_x(shape), public.st_y(shape));
END
$$;
COMMENT ON FUNCTION wgs84_point(text) IS 'The geography point written as (E)WKT ''SRID=4326;POINT(longitude latitude)'', refusing anything else and any coordinate PostGIS would wrap into range, with SQLSTATE AG002.';

ALTER TABLE guard_profiles ADD CONSTRAINT guard_profiles_current_location_wgs84_check
  CHECK (valid_wgs84_point(current_location));
ALTER TABLE jobs ADD CONSTRAINT jobs_location_coordinates_wgs84_check
  CHECK (valid_wgs84_point(location_coordinates));
ALTER TABLE jobs ADD CONSTRAINT jobs_check_in_location_wgs84_check
  CHECK (valid_wgs84_point(check_in_location));
ALTER TABLE jobs ADD CONSTRAINT jobs_check_out_location_wgs84_check
  CHECK (valid_wgs84_point(check_out_location));
ALTER TABLE location_history ADD CONSTRAINT location_history_location_wgs84_check
  CHECK (valid_wgs84_point(location)) NOT VALID;

-- Down Migration
ALTER TABLE location_history DROP CONSTRAINT location_history_location_wgs84_check;
ALTER TABLE jobs DROP CONSTRAINT jobs_check_out_location_wgs84_check;
ALTER TABLE jobs DROP CONSTRAINT jobs_check_in_location_wgs84_check;
ALTER TABLE jobs DROP CONSTRAINT jobs_location_coordinates_wgs84_check;
ALTER TABLE guard_profiles DROP CONSTRAINT guard_profiles_current_location_wgs84_check;
DROP FUNCTION wgs84_point(text);
DROP FUNCTION wgs84_point(double precision, double precision);
DROP FUNCTION valid_wgs84_point(geography);
