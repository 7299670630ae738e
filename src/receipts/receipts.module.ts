import { Module } from '@nestjs/common';

// Placeholder: filled in by the receipts work.
@Module({})
export class ReceiptsModule {}
