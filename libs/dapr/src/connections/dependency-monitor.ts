import { Injectable, Logger } from '@nestjs/common';
import { Dependency } from './dependency';

/** The dependencies of this app, by name: what readiness reports and what logs their outages. */
@Injectable()
export class DependencyMonitor {
  private readonly logger = new Logger('Dependencies');
  private readonly dependencies = new Map<string, Dependency>();

  /** The dependency `name`; `impact` says what the app cannot do while it is down. */
  dependency(name: string, impact: string): Dependency {
    let dependency = this.dependencies.get(name);
    if (!dependency) {
      dependency = new Dependency(name, impact, this.logger);
      this.dependencies.set(name, dependency);
    }
    return dependency;
  }

  all(): Dependency[] {
    return [...this.dependencies.values()];
  }
}
