import { runner, workspaceTree } from '../../test/workspace-tree';

describe('actor schematic', () => {
  it('writes the contract, the actor and its spec in the project, and registers the actor in its module', async () => {
    const before = workspaceTree();
    const tree = await runner.runSchematic('actor', { name: 'order-book', project: 'callee' }, workspaceTree());

    expect(tree.files.filter((file) => !before.exists(file)).sort()).toEqual([
      '/apps/callee/src/order-book/order-book.actor.spec.ts',
      '/apps/callee/src/order-book/order-book.actor.ts',
      '/apps/callee/src/order-book/order-book.contract.ts',
    ]);
    const module = before.readText('apps/callee/src/app.module.ts');
    const providers =
      '  providers: [FailureSimulator, GreetingService, { provide: RANDOM_SOURCE, useValue: Math.random }]';
    expect(tree.readText('apps/callee/src/app.module.ts')).toBe(
      module
        .replace(
          "import { RANDOM_SOURCE } from './greeting/random-source';\n",
          "import { RANDOM_SOURCE } from './greeting/random-source';\nimport { OrderBookActor } from './order-book/order-book.actor';\n",
        )
        .replace(providers, `${providers.slice(0, -1)}, OrderBookActor]`),
    );

    const contract = tree.readText('apps/callee/src/order-book/order-book.contract.ts');
    expect(contract).toContain("export const OrderBookContract = defineActorContract<OrderBookApi>('OrderBook', {");
    expect(contract).toContain("  record: 'Record',\n  get: 'Get',\n");
    const actor = tree.readText('apps/callee/src/order-book/order-book.actor.ts');
    expect(actor).toContain(
      '@DaprActor(OrderBookContract)\nexport class OrderBookActor extends Actor implements OrderBookApi {',
    );
    expect(actor).toContain("from './order-book.contract';");
    const spec = tree.readText('apps/callee/src/order-book/order-book.actor.spec.ts');
    expect(spec).toContain("imports: [DaprTestingModule.forRoot({ appId: 'callee' })],");
    expect(spec).toContain("expect(sidecar.actorState('OrderBook', 'a', 'state')).toEqual({ calls: 2 });");
  });

  it('takes a PascalCase name as the actor type, and leaves the module alone with --skip-import', async () => {
    const before = workspaceTree();
    const tree = await runner.runSchematic(
      'actor',
      { name: 'Greeter', project: 'callee', skipImport: true },
      workspaceTree(),
    );
    expect(tree.readText('apps/callee/src/greeter/greeter.contract.ts')).toContain("('Greeter', {");
    expect(tree.readText('apps/callee/src/app.module.ts')).toBe(before.readText('apps/callee/src/app.module.ts'));
  });

  it.each([
    [
      { name: 'Greeter', project: 'dapr' },
      "'dapr' is not an application of nest-cli.json: give one with --project (chat-agent, callee, caller)",
    ],
    [
      { name: 'Greeter', project: 'callee', module: 'greeting/greeting.module.ts' },
      '/apps/callee/src/greeting/greeting.module.ts does not exist: give the module that registers the actor with --module',
    ],
    [{ name: 'Greeter' }, "must have required property 'project'"],
    [{ name: 'Greeter', project: 'callee', methods: 'a' }, 'Unknown option "methods"'],
  ])('refuses %j with a reason', async (options, reason) => {
    await expect(runner.runSchematic('actor', options, workspaceTree())).rejects.toThrow(reason);
  });

  it('refuses an actor that is already there', async () => {
    const tree = await runner.runSchematic('actor', { name: 'Greeter', project: 'callee' }, workspaceTree());
    await expect(runner.runSchematic('actor', { name: 'greeter', project: 'callee' }, tree)).rejects.toThrow(
      '/apps/callee/src/greeter/greeter.actor.ts already exists: choose another name',
    );
  });
});
