import { Token } from 'cdktf';
import { POSTGRES_MAJOR_SANITY_MAX, PostgresEngineVersion, RDS_POSTGRES_NEWEST_KNOWN_MAJOR, RDS_POSTGRES_OLDEST_STANDARD_MAJOR } from '../../../constructs/rds-with-replicas';
import { ValidationError } from '../../../lib/errors';

describe('PostgresEngineVersion.of', () => {
  test('GIVEN the majors RDS offers in standard support THEN each gives its parameter group family', () => {
    for (let major = RDS_POSTGRES_OLDEST_STANDARD_MAJOR; major <= RDS_POSTGRES_NEWEST_KNOWN_MAJOR; major++) {
      expect(PostgresEngineVersion.of(String(major))).toMatchObject({ majorVersion: String(major), parameterGroupFamily: `postgres${major}` });
    }
    expect(PostgresEngineVersion.of(String(POSTGRES_MAJOR_SANITY_MAX)).parameterGroupFamily).toBe(`postgres${POSTGRES_MAJOR_SANITY_MAX}`);
  });

  test('THEN the bounds are the sourced ones: 14 (13 left standard support on 28 February 2026) and two past 18', () => {
    expect(RDS_POSTGRES_OLDEST_STANDARD_MAJOR).toBe(14);
    expect(POSTGRES_MAJOR_SANITY_MAX).toBe(RDS_POSTGRES_NEWEST_KNOWN_MAJOR + 2);
    // The listed versions are all inside the range.
    for (const v of [PostgresEngineVersion.VER_15, PostgresEngineVersion.VER_16, PostgresEngineVersion.VER_17]) expect(Number(v.majorVersion)).toBeGreaterThanOrEqual(RDS_POSTGRES_OLDEST_STANDARD_MAJOR);
  });

  const reject = (value: unknown, message: RegExp) => {
    let error: unknown;
    try {
      PostgresEngineVersion.of(value as string);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/^PostgresEngineVersion\.of: majorVersion = /);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toMatch(/Fix: /);
  };

  test.each([
    ['13', /"13" is past the end of RDS standard support \(the oldest major still in standard support is 14.*Fix: use 14 to 18/],
    ['11', /"11" is past the end of RDS standard support/],
    ['9', /"9" is past the end of RDS standard support/],
    ['0', /"0" is past the end of RDS standard support/],
  ])('GIVEN a major past standard support (%s) THEN a ValidationError names the oldest supported major', (value, message) => reject(value, message));

  test.each([
    ['21', /"21" is above 20: PostgreSQL ships one major a year and the newest on RDS is 18, so this is most likely a typo.*raise RDS_POSTGRES_NEWEST_KNOWN_MAJOR/],
    ['160', /"160" is above 20/],
    ['99', /"99" is above 20/],
  ])('GIVEN an implausibly new major (%s) THEN a ValidationError calls it a likely typo', (value, message) => reject(value, message));

  test.each([
    ['16.4', /"16.4" is not a major version.*pin only the major version \(e.g. "16"\)/],
    ['v17', /"v17" is not a major version/],
    ['', /"" is not a major version/],
    ['sixteen', /"sixteen" is not a major version/],
    [' 16', /" 16" is not a major version/],
  ])('GIVEN something that is not a major (%j) THEN a ValidationError says to pin only the major', (value, message) => reject(value, message));

  test.each([
    [16, /= 16 is not a string/],
    [undefined, /= undefined is not a string/],
    [null, /= null is not a string/],
  ])('GIVEN a non-string (%p) THEN a ValidationError asks for a string', (value, message) => reject(value, message));

  test('GIVEN an unresolved token THEN a ValidationError asks for a literal', () => {
    reject(Token.asString({ Ref: 'var.pg' }), /is an unresolved token/);
  });
});
