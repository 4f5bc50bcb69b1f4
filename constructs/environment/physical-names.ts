import * as fs from 'fs';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import { describeCollision, findNameCollisions, NamedDocument, regionOf } from '../../lib/physical-names';

const CHECKED = new WeakSet<App>();

/**
 * Fails `app.synth()` when two resources of the app would get the same AWS name in one
 * account (an Auto Scaling group, a replication group id, a KMS alias, an alarm, an IAM role,
 * a bucket, a VPC Name tag, ...): AWS would reject the second only at apply. Runs once every
 * stack is written (an app-level validation, after the stacks' own), on the written
 * documents, so hand-made resources count too. Each Environment installs it on its app;
 * call it yourself for an app built from the constructs directly. Idempotent.
 */
export function checkPhysicalNames(app: App): void {
  if (CHECKED.has(app)) return;
  CHECKED.add(app);
  app.node.addValidation({
    validate: () => {
      const documents: NamedDocument[] = [];
      for (const stack of app.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c))) {
        const file = path.join(app.outdir, app.manifest.forStack(stack).synthesizedStackPath);
        if (!fs.existsSync(file)) continue;
        const document = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
        documents.push({ stack: stack.node.id, region: regionOf(document), document });
      }
      return findNameCollisions(documents).map(describeCollision);
    },
  });
}
