import { Fn, TerraformOutput, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { ValidationError } from '../../lib/errors';
import { checkGrantee, Effect, isGrantable, PolicyDocument, PolicyStatement, Principal, uniqueSid } from '../../lib/iam';
import { testApp } from '../support/temp';

describe('PolicyDocument', () => {
  test('GIVEN a trust policy THEN it renders as IAM prints it: Version, then Effect, Principal, Action', () => {
    expect(PolicyDocument.trust(Principal.service('ec2.amazonaws.com')).toJson()).toBe(
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}',
    );
    expect(JSON.parse(PolicyDocument.trust(Principal.service('pods.eks.amazonaws.com'), ['sts:AssumeRole', 'sts:TagSession']).toJson()).Statement[0].Action).toEqual(['sts:AssumeRole', 'sts:TagSession']);
  });

  test('GIVEN a resource policy THEN Sid, principals, resources and conditions render in IAM order, one value unwrapped', () => {
    const doc = new PolicyDocument([
      new PolicyStatement({
        sid: 'DenyPlainHttp',
        effect: Effect.DENY,
        principals: [Principal.anyone()],
        actions: ['s3:*'],
        resources: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'],
        conditions: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
      new PolicyStatement({ principals: [Principal.accountRoot('aws', '123456789012'), Principal.aws('arn:aws:iam::210987654321:root')], actions: ['s3:PutObject'], resources: ['arn:aws:s3:::b/*'] }),
    ]);
    expect(doc.toObject()).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'DenyPlainHttp', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'], Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
        { Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::123456789012:root', 'arn:aws:iam::210987654321:root'] }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/*' },
      ],
    });
    expect(Object.keys((doc.toObject().Statement as Record<string, unknown>[])[0])).toEqual(['Sid', 'Effect', 'Principal', 'Action', 'Resource', 'Condition']);
  });

  describe('GIVEN references to other resources', () => {
    /** Synthesizes the rendered document as an output, resolving its tokens as Terraform will see them. */
    const rendered = (build: (stack: TerraformStack) => string): string => {
      const stack = new TerraformStack(testApp(), 'test');
      new TerraformOutput(stack, 'policy', { value: build(stack) });
      return (JSON.parse(Testing.synth(stack)) as { output: { policy: { value: string } } }).output.policy.value;
    };

    test('THEN string references stay inside readable JSON, for Terraform to interpolate', () => {
      const json = rendered((stack) => {
        const arn = new TerraformVariable(stack, 'arn', { type: 'string' }).stringValue;
        return new PolicyDocument([new PolicyStatement({ actions: ['kms:Decrypt'], resources: [arn, Fn.element(Fn.split(':', arn), 4)] })]).toJson();
      });
      expect(json).toBe('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Decrypt","Resource":["${var.arn}","${element(split(":", var.arn), 4)}"]}]}');
    });

    test('THEN a list reference, which cannot sit inside JSON text, renders through jsonencode', () => {
      const json = rendered((stack) => {
        const arns = new TerraformVariable(stack, 'arns', { type: 'list(string)' }).listValue;
        return new PolicyDocument([new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: arns })]).toJson();
      });
      expect(json).toMatch(/^\$\{jsonencode\(\{"Version" = "2012-10-17", "Statement" = \[\{"Effect" = "Allow", "Action" = "secretsmanager:GetSecretValue", "Resource" = var\.arns\}\]\}\)\}$/);
    });
  });

  describe('GIVEN a bad statement THEN it fails naming the field and the fix', () => {
    test.each([
      ['no actions', { actions: [], resources: ['*'] }, /PolicyStatement: actions = \[\] is empty\. Fix: list at least one action/],
      ['an action without a service prefix', { actions: ['Decrypt'], resources: ['*'] }, /actions\[0\] = "Decrypt" is not an IAM action\. Fix: use "<service>:<Action>"/],
      ['an identity statement without resources', { actions: ['kms:Decrypt'] }, /resources = undefined is empty in a statement without principals/],
      ['a Sid with punctuation', { sid: 'read-secret', actions: ['kms:Decrypt'], resources: ['*'] }, /sid = "read-secret" is not a statement id\. Fix: use letters and digits only/],
      ['a principal given as a string (JS)', { principals: ['ec2.amazonaws.com'], actions: ['sts:AssumeRole'] }, /principals = \["ec2.amazonaws.com"\] holds something that is not a Principal/],
      ['an empty resource', { actions: ['kms:Decrypt'], resources: [''] }, /resources\[0\] = "" is not an ARN/],
    ])('%s', (_, props, message) => {
      expect(() => new PolicyStatement(props as never)).toThrow(ValidationError);
      expect(() => new PolicyStatement(props as never)).toThrow(message);
    });
  });
});

describe('grantees', () => {
  test('GIVEN something with addToPrincipalPolicy THEN it is a grantee; an ARN string or a plain object is not', () => {
    expect(isGrantable({ addToPrincipalPolicy: () => undefined })).toBe(true);
    expect(isGrantable('arn:aws:iam::123456789012:role/x')).toBe(false);
    expect(isGrantable({ roleArn: 'arn' })).toBe(false);
    expect(() => checkGrantee('Db (prod/db)', 'grantConnect.grantee', 'arn:aws:iam::123456789012:role/x')).toThrow(
      'Db (prod/db): grantConnect.grantee = "arn:aws:iam::123456789012:role/x" is not a grantee (an IGrantable such as ServiceIdentity, ReadPoolerRole or AlertmanagerRole). Fix: pass the role construct itself, not its ARN or name',
    );
  });

  test('GIVEN statement ids already taken THEN the next one gets a number', () => {
    expect(uniqueSid('ConnectToCache', [])).toBe('ConnectToCache');
    expect(uniqueSid('ConnectToCache', ['ConnectToCache'])).toBe('ConnectToCache2');
    expect(uniqueSid('ConnectToCache', ['ConnectToCache', 'ConnectToCache2'])).toBe('ConnectToCache3');
  });
});
