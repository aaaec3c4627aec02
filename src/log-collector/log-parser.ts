import { valueError } from '../util/errors';

/** The formats of a Fluent Bit parser. */
export enum LogParserFormat {
  /** A regular expression with named groups, one field per group. */
  REGEX = 'regex',
  /** The line is a JSON object. */
  JSON = 'json',
  /** `key=value` pairs. */
  LOGFMT = 'logfmt',
}

/** Options of a parser: how it reads the record's time. */
export interface LogParserOptions {
  /**
   * The field holding the record's time.
   * @default - the time the line was read
   */
  readonly timeKey?: string;

  /**
   * The strptime format of `timeKey` (e.g. `%d/%b/%Y:%H:%M:%S %z`).
   * @default - none (needed with timeKey)
   */
  readonly timeFormat?: string;

  /**
   * Keep the time field in the record after reading it.
   * @default false
   */
  readonly timeKeep?: boolean;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/**
 * A parser pods can ask for by annotation (`fluentbit.io/parser: <name>`, Fluent Bit's
 * `K8S-Logging.Parser`), written into the collector's own parsers file next to the image's
 * `parsers.conf` (whose parsers, `nginx`, `apache`, `json`, `syslog-rfc5424` and the rest, stay
 * reachable). Fluent Bit only.
 * @see https://docs.fluentbit.io/manual/pipeline/parsers/configuring-parser
 */
export class LogParser {
  /** A parser of lines matching `regex` (Onigmo syntax; named groups become fields, e.g. `(?<status>\d+)`). */
  public static regex(name: string, regex: string, options: LogParserOptions = {}): LogParser {
    const noGroup = () => valueError('LogParser.regex', 'regex', regex, 'has no named group, so the parser would give no field',
      'name the parts to keep, e.g. \'^(?<time>[^ ]+) (?<message>.*)$\'');
    // the text first, so that a group name no engine takes ('(?<1a>x)') is named as what it is
    if (!/\(\?<[A-Za-z_][A-Za-z0-9_]*>/.test(regex)) { throw noGroup(); }
    let groups: { [name: string]: string } | undefined;
    try {
      new RegExp(regex);
      // then what the expression captures: '\\(?<a>x' (an escaped parenthesis) or '[(?<a>x)]' (a class) has no group
      groups = new RegExp(`(?:${regex})|`).exec('')!.groups;
    } catch (e) {
      // Stryker disable next-line Regex: V8 writes the prefix only at the start of the message, so the anchor changes nothing
      throw valueError('LogParser.regex', 'regex', regex, `is not a regular expression (${(e as Error).message.replace(/^Invalid regular expression: /, '')})`, 'correct the expression');
    }
    if (groups === undefined) { throw noGroup(); }
    return new LogParser(name, LogParserFormat.REGEX, options, regex);
  }

  /** A parser of lines that are JSON objects. */
  public static json(name: string, options: LogParserOptions = {}): LogParser {
    return new LogParser(name, LogParserFormat.JSON, options);
  }

  /** A parser of `key=value` lines. */
  public static logfmt(name: string, options: LogParserOptions = {}): LogParser {
    return new LogParser(name, LogParserFormat.LOGFMT, options);
  }

  /** The name pods give in their `fluentbit.io/parser` annotation. */
  public readonly name: string;
  /** The format. */
  public readonly format: LogParserFormat;
  /** The regular expression, for `REGEX`. */
  public readonly expression?: string;
  /** How the time is read. */
  public readonly options: LogParserOptions;

  private constructor(name: string, format: LogParserFormat, options: LogParserOptions, expression?: string) {
    const where = `LogParser.${format}`;
    if (!NAME.test(name)) {
      throw valueError(where, 'name', name, 'must be letters, digits, \'_\', \'.\' and \'-\', starting with a letter or digit', 'name it like \'my-app\'');
    }
    for (const [prop, value] of [['regex', expression], ['timeKey', options.timeKey], ['timeFormat', options.timeFormat]] as const) {
      if (value !== undefined && /[\r\n]/.test(value)) {
        throw valueError(where, prop, value, 'holds a line break, which would end the parser\'s line in the configuration file', 'write it on one line');
      }
      if (value !== undefined && value.trim() === '') {
        throw valueError(where, prop, value, 'is empty', `leave ${prop} out, or give it`);
      }
    }
    if (options.timeFormat !== undefined && options.timeKey === undefined) {
      throw valueError(where, 'timeFormat', options.timeFormat, 'has no timeKey to read it from', 'give timeKey, the field holding the time');
    }
    this.name = name;
    this.format = format;
    this.expression = expression;
    this.options = Object.freeze({ ...options });
  }
}
