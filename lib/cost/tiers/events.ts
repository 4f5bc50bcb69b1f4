import { fmt } from '../../capacity/spread';
import { BYTES_PER_GB, fixed, hours, priceLine, secondsPerMonth } from '../line';
import { CostTier } from './tier';

const MB = 1e6;

/**
 * Kafka on MSK: broker-hours; storage (Standard: provisioned EBS, priced at the auto scaling
 * ceiling for `max`; Express: data stored and data written, per GB); clients' cross-AZ traffic
 * (producers and consumers in other AZs than the partition leader, billed as EC2 data transfer;
 * replication between brokers is free). Traffic scales with the scenario's requests/s.
 */
export const KAFKA_TIER: CostTier = {
  name: 'Kafka on MSK',
  notes: () => ['enhanced monitoring (PER_BROKER) metrics are CloudWatch custom metrics, not priced here; open monitoring is free, its cross-AZ scrape traffic negligible'],
  lines(ctx) {
    const k = ctx.inputs.kafka;
    const h = hours(ctx);
    const az = ctx.inputs.azCount;
    const scale = (s: 'min' | 'target' | 'max') => ctx.inputs.rps[s] / ctx.inputs.rps.target;
    const clientGB = (s: 'min' | 'target' | 'max') => ((k.ingressMBps + k.egressMBps) * MB * secondsPerMonth(ctx) * scale(s)) / BYTES_PER_GB;
    const crossShare = (az - 1) / az;
    const express = k.brokerType === 'express';
    const lines = [
      priceLine(ctx, {
        key: `msk.${k.instanceType}.hour`,
        item: `${k.instanceType} brokers`,
        quantity: fixed(k.brokers * h),
        basis: `${k.brokers} brokers x ${h} h`,
      }),
    ];
    if (express) {
      lines.push(
        priceLine(ctx, {
          key: 'msk.express.storage.gb-month',
          item: 'Express storage',
          quantity: fixed(k.retainedGB),
          basis: `${fmt(k.retainedGB)} GB held at the topics' retention (one copy; the capacity plan's retainedGB)`,
        }),
        priceLine(ctx, {
          key: 'msk.express.data-in.gb',
          item: 'data written to Express brokers',
          quantity: (s) => (k.ingressMBps * MB * secondsPerMonth(ctx) * scale(s)) / BYTES_PER_GB,
          basis: `${fmt(k.ingressMBps, 2)} MB/s produced at target`,
        }),
      );
    } else {
      lines.push(
        priceLine(ctx, {
          key: 'msk.standard.storage.gb-month',
          item: 'Standard broker storage (EBS)',
          quantity: (s) => k.brokers * (s === 'max' ? k.maxVolumeGiBPerBroker : k.volumeGiBPerBroker),
          basis: `${k.brokers} brokers x ${k.volumeGiBPerBroker} GiB (max ${k.maxVolumeGiBPerBroker} with storage auto scaling, priced at max)`,
        }),
      );
    }
    lines.push(
      priceLine(ctx, {
        key: 'transfer.inter-az.gb',
        item: 'Kafka clients across AZs',
        quantity: (s) => clientGB(s) * crossShare * 2,
        basis: `${fmt(k.ingressMBps + k.egressMBps, 2)} MB/s produced + consumed at target; ${az - 1} of ${az} leaders sit in another AZ than the client; billed out and in`,
        category: 'cross-az-data',
      }),
    );
    return lines;
  },
};
